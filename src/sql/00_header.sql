-- employment_kpi install script, assembled by the Makefile from the files in src/sql

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION employment_kpi" to load this file. \quit

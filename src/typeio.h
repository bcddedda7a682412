/*-------------------------------------------------------------------------
 * typeio.h
 *	  Shared pieces of the text and binary I/O of the extension's types
 *	  (survival, effect): the syntax and binary-form error reports, the frame
 *	  of their text forms "v1:{item,item,...}" and of their binary forms
 *	  (version byte, item count, items), read and written here with the
 *	  items by the type, the tokenizers of the text items, and the bytea
 *	  casts' view of a binary form.
 *
 *	  Define, as string literals, TYPEIO_TYPE_NAME (the SQL type name) and
 *	  TYPEIO_ITEM and TYPEIO_ITEMS (what one item of its text form is
 *	  called, singular and plural) before including this header, once per
 *	  .c file: the functions are static so that each type's messages name
 *	  the type and its items.
 *-------------------------------------------------------------------------
 */
#ifndef EKPI_TYPEIO_H
#define EKPI_TYPEIO_H

#if !defined(TYPEIO_TYPE_NAME) || !defined(TYPEIO_ITEM) || !defined(TYPEIO_ITEMS)
#error "define TYPEIO_TYPE_NAME, TYPEIO_ITEM and TYPEIO_ITEMS before including typeio.h"
#endif

#include <ctype.h>

#include "common/int.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"

/* ---- errors ---------------------------------------------------------------- */

/* invalid_text_representation (22P02), naming the type and the input */
static pg_attribute_noreturn() void
text_error(const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type " TYPEIO_TYPE_NAME ": \"%s\"", input),
			 errdetail("%s", detail)));
}

/* invalid_binary_representation (22P03), naming the type */
static pg_attribute_noreturn() void
binary_error(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary representation of type " TYPEIO_TYPE_NAME),
			 errdetail("%s", detail)));
}

/* ---- text form ------------------------------------------------------------- */

static inline const char *
skip_space(const char *p)
{
	while (isspace((unsigned char) *p))
		p++;
	return p;
}

/*
 * Parse a non-negative decimal int64 count at *pp (no sign allowed) and
 * move *pp past it and the blanks after it; input is the whole text, for
 * the error message.
 */
static int64
parse_count(const char **pp, const char *input)
{
	const char *p = skip_space(*pp);
	int64		v = 0;

	if (!isdigit((unsigned char) *p))
		text_error(input, "a count must be a non-negative integer");
	while (isdigit((unsigned char) *p))
	{
		if (pg_mul_s64_overflow(v, 10, &v) ||
			pg_add_s64_overflow(v, *p - '0', &v))
			text_error(input, "a count is out of range for bigint");
		p++;
	}
	*pp = skip_space(p);
	return v;
}

/*
 * Expect ":" at *pp, then a count (parse_count); "after" names what the ":"
 * follows, for the error message.
 */
static int64
parse_colon_count(const char **pp, const char *input, const char *after)
{
	if (*(*pp)++ != ':')
		text_error(input, psprintf("expected \":\" after %s", after));
	return parse_count(pp, input);
}

/*
 * Reads one item of a text form at *pp (past any blanks) into *item and
 * moves *pp past it and the blanks after it; input is the whole text, for
 * the error messages, and arg what the type's parser needs besides.
 */
typedef void (*TextItemParser) (const char **pp, const char *input,
								void *item, void *arg);

/*
 * Parse a text form of version 1, v1:{item,item,...} (v1:{} when empty):
 * the frame here, each item by parse_item into an array of elements of
 * "size" bytes, of which there may be no more than about max / 2.  Returns
 * the array (palloc'd in CurrentMemoryContext) and sets *count.
 */
static void *
parse_v1_items(const char *input, Size size, int32 max,
			   TextItemParser parse_item, void *arg, int32 *count)
{
	const char *p = skip_space(input);
	int32		n = 0,
				cap = 16;
	char	   *items = palloc(cap * size);

	if (strncmp(p, "v1:{", 4) != 0)
		text_error(input, "expected \"v1:{\" (format version 1)");
	p = skip_space(p + 4);
	if (*p == '}')
		p++;
	else
	{
		for (;;)
		{
			if (n == cap)
			{
				if (cap >= max / 2)
					text_error(input, "too many " TYPEIO_ITEMS);
				cap *= 2;
				items = repalloc(items, cap * size);
			}
			parse_item(&p, input, items + n * size, arg);
			n++;
			if (*p == ',')
			{
				p = skip_space(p + 1);
				continue;
			}
			if (*p == '}')
			{
				p++;
				break;
			}
			text_error(input, "expected \",\" or \"}\" after a " TYPEIO_ITEM);
		}
	}
	if (*skip_space(p) != '\0')
		text_error(input, "unexpected characters after \"}\"");
	*count = n;
	return items;
}

/* Appends item i of a value (arg) to the text form in buf. */
typedef void (*TextItemPrinter) (StringInfo buf, const void *arg, int32 i);

/*
 * The text form of version 1 of a value with n items, v1:{item,item,...}:
 * the frame here, each item by print_item.  A palloc'd C string.
 */
static char *
print_v1_items(int32 n, TextItemPrinter print_item, const void *arg)
{
	StringInfoData buf;
	int32		i;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "v1:{");
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		print_item(&buf, arg, i);
	}
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

/* ---- binary form ----------------------------------------------------------- */

/*
 * Start reading a binary form: its version byte, which must be the type's
 * "version", then the int32 item count, which it returns: at most max, and
 * leaving at least min_item_size bytes for each item (so that the count is
 * bounded before the type allocates for it).
 */
static int32
recv_header(StringInfo buf, int version, int32 max, int min_item_size)
{
	int			v;
	int32		n;

	if (buf->len - buf->cursor < 5)
		binary_error("truncated header");
	v = pq_getmsgbyte(buf);
	if (v != version)
		binary_error(psprintf("unsupported format version %d", v));
	n = pq_getmsgint(buf, 4);
	if (n < 0 || n > max || (int64) n * min_item_size > buf->len - buf->cursor)
		binary_error(psprintf("invalid " TYPEIO_ITEM " count %d", n));
	return n;
}

/* Appends item i of a value (arg) to the binary form in buf. */
typedef void (*BinaryItemSender) (StringInfo buf, const void *arg, int32 i);

/*
 * The binary form of a value with n items: the version byte, the int32
 * item count, then each item by send_item.
 */
static bytea *
send_items(int version, int32 n, BinaryItemSender send_item, const void *arg)
{
	StringInfoData buf;
	int32		i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, version);
	pq_sendint32(&buf, n);
	for (i = 0; i < n; i++)
		send_item(&buf, arg, i);
	return pq_endtypsend(&buf);
}

/*
 * A read-only StringInfo over a bytea's payload: the binary form that the
 * casts from bytea hand to the type's decoder, as receive would.
 */
static inline void
bytea_as_message(bytea *b, StringInfo buf)
{
	buf->data = VARDATA_ANY(b);
	buf->len = VARSIZE_ANY_EXHDR(b);
	buf->maxlen = buf->len;
	buf->cursor = 0;
}

#endif							/* EKPI_TYPEIO_H */

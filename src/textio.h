/*-------------------------------------------------------------------------
 * textio.h
 *	  Shared pieces of the text input functions of the extension's types
 *	  (survival, effect): one syntax-error report and the tokenizers of
 *	  their "v1:{...}" forms.
 *
 *	  Define TEXTIO_TYPE_NAME (the SQL type name, a string literal) before
 *	  including this header, once per .c file: the functions are static so
 *	  that each type's messages name the type.
 *-------------------------------------------------------------------------
 */
#ifndef EKPI_TEXTIO_H
#define EKPI_TEXTIO_H

#ifndef TEXTIO_TYPE_NAME
#error "define TEXTIO_TYPE_NAME before including textio.h"
#endif

#include <ctype.h>

#include "common/int.h"

/* invalid_text_representation (22P02), naming the type and the input */
static pg_attribute_noreturn() void
text_error(const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type " TEXTIO_TYPE_NAME ": \"%s\"", input),
			 errdetail("%s", detail)));
}

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

#endif							/* EKPI_TEXTIO_H */

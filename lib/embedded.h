/*
 * embedded: the files of schemas/ compiled into the programs (see
 * tools/embed.sh). Data is static and NUL-terminated; nothing to free.
 */
#ifndef PANA_EMBEDDED_H
#define PANA_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;	/* base name, e.g. "001-init.sql" */
	const char *data;
	size_t len;
};

/* Terminated by an entry whose name is NULL, sorted by name. */
extern const struct embedded_file embedded_files[];

/* Returns the file called name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif

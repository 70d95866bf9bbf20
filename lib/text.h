/*
 * text: comparison keys for labels and place names, and the language of
 * the messages that pana writes into its tables.
 *
 * A key folds what people vary when they type the same thing: case,
 * accents, punctuation and runs of spaces. Keys are built with GNU
 * libunistring (canonical decomposition, marks dropped, lower case). Both
 * functions replace the content of out with the key; input that is not
 * valid UTF-8 is keyed as ASCII. Out of memory ends the program through
 * xalloc_die().
 */
#ifndef PANA_TEXT_H
#define PANA_TEXT_H

#include "buf.h"

/* "  Accès internet ET matériel " -> "acces internet et materiel" */
void text_key(const char *s, struct buf *out);

/*
 * A commune name as La Poste, the COG and people write it, keyed so that
 * they meet: "ST-ÉTIENNE CEDEX 2", "Saint Étienne" and "saint-etienne"
 * give "saint etienne"; "HAVRE (LE)" and "Le Havre" give "le havre";
 * "MARSEILLE 11", "Paris 11e" and "Lyon 1er" lose their arrondissement.
 */
void text_place_key(const char *s, struct buf *out);

/*
 * Appends s (len bytes, or up to its NUL when len is (size_t)-1) to out as
 * printable UTF-8, for a name or text from outside (a file name is any
 * bytes but '/' and NUL): a byte that is not UTF-8 as \xHH, a control
 * character as \n, \r, \t or \xHH (ESC is \x1B), a C1 control as \u0080
 * to \u009F. Valid, printable text is appended as it is.
 */
void text_escape(struct buf *out, const char *s, size_t len);

/* The language of messages: "fr" or "en" (the default). */
void text_set_language(const char *lang);
int text_french(void);
/* The English or the French text, by the language set. */
#define TR(en, fr) (text_french() ? (fr) : (en))

#endif

/*
 * test_report_csvout: the CSV French Excel reads: BOM, ';', decimal comma,
 * CRLF, quoted cells, and every cell a spreadsheet could run neutralised.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "csvout.h"

static void cell(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	csvout_cell(&b, in);
	CHECK_STR(b.data, want);
	buf_release(&b);
}

int main(void)
{
	char path[] = "/tmp/pana-test-csvout-XXXXXX";
	struct csvout c;
	struct err e;
	char got[512];
	size_t n;
	FILE *f;
	int fd;

	cell("Île-de-France", "\"Île-de-France\"");
	cell("dit \"bonjour\"", "\"dit \"\"bonjour\"\"\"");
	cell("=SUM(A1:A9)", "\"'=SUM(A1:A9)\"");
	cell("+33 1 23 45 67 89", "\"'+33 1 23 45 67 89\"");
	cell("-1", "\"'-1\"");
	cell("@cmd", "\"'@cmd\"");
	cell("\tx", "\"'\tx\"");
	cell("\rx", "\"'\rx\"");
	cell("a=b", "\"a=b\"");
	cell("", "\"\"");

	fd = mkstemp(path);
	CHECK(fd >= 0, "temporary file");
	close(fd);
	CHECK(csvout_open(&c, path, &e) == 0, "%s", e.msg);
	csvout_text(&c, "nom");
	csvout_text(&c, "valeur");
	csvout_end_row(&c);
	csvout_text(&c, "=1+1");
	csvout_num(&c, 1234.5, 2);
	csvout_end_row(&c);
	csvout_text(&c, "x");
	csvout_num(&c, -0.0001, 2);
	csvout_num(&c, 0.0 / 0.0, 2);
	csvout_int(&c, -42);
	csvout_end_row(&c);
	CHECK(csvout_close(&c, &e) == 0, "%s", e.msg);
	f = fopen(path, "rb");
	CHECK(f != NULL, "read back");
	n = f ? fread(got, 1, sizeof(got) - 1, f) : 0;
	got[n] = '\0';
	if (f)
		fclose(f);
	/* -0.0001 at 2 decimals is 0,00, not -0,00; NaN is an empty cell. */
	CHECK_STR((const char *)got, "\xEF\xBB\xBF\"nom\";\"valeur\"\r\n\"'=1+1\";1234,50\r\n\"x\";0,00;;-42\r\n");
	unlink(path);
	/* A folder that does not exist: a clear error naming the file. */
	CHECK(csvout_open(&c, "/nonexistent-folder/t.csv", &e) == -1 &&
	      strstr(e.msg, "/nonexistent-folder/t.csv.tmp"), "error names the path: %s", e.msg);
	return t_done("test_report_csvout");
}

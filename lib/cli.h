/*
 * cli: the options every pana program shares: -c/--config PATH,
 * -h/--help, --version, -q/--quiet, -v/--verbose, plus --force and
 * --status for pana-run. Unknown options are a usage error.
 */
#ifndef PANA_CLI_H
#define PANA_CLI_H

#define PANA_VERSION "0.1.0"

struct cli {
	const char *config;	/* points into argv or a literal */
	int quiet, verbose, force, status, if_changed;
	int help, version;
	char **files;		/* positional arguments, when allowed */
	int nfiles;
};

/* Parses argv; returns 0, or -1 after printing the problem on stderr.
   extra is a mask of CLI_FORCE | CLI_STATUS the program accepts. */
enum { CLI_FORCE = 1, CLI_STATUS = 2, CLI_FILES = 4, CLI_IF_CHANGED = 8 };
int cli_parse(struct cli *c, int argc, char **argv, int extra);

/* Prints the shared part of --help (options and exit codes) to stdout. */
void cli_usage(const char *prog, const char *what, int extra);

struct config;

/*
 * The start every program shares: parses argv (extra as for cli_parse),
 * answers --help (prog and what, as for cli_usage) and --version, then
 * loads the config file into cfg. Returns 0 to go on, or 1 when the
 * program must end at once with *status (EXIT_OK after --help or
 * --version, EXIT_USAGE on a bad option or configuration, said on
 * stderr); cfg then holds nothing to release.
 */
int cli_start(struct cli *c, struct config *cfg, int argc, char **argv, const char *prog,
	      const char *what, int extra, int *status);

#endif

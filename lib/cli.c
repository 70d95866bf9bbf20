#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "exitcode.h"
#include "log.h"

int cli_parse(struct cli *c, int argc, char **argv, int extra)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "force", no_argument, NULL, 'f' },
		{ "status", no_argument, NULL, 's' },
		{ "if-changed", no_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(c, 0, sizeof(*c));
	c->config = "config.ini";
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":c:hqv", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': c->config = optarg; break;
		case 'h': c->help = 1; break;
		case 'V': c->version = 1; break;
		case 'q': c->quiet = 1; break;
		case 'v': c->verbose = 1; break;
		case 'f':
			if (!(extra & CLI_FORCE))
				goto bad;
			c->force = 1;
			break;
		case 's':
			if (!(extra & CLI_STATUS))
				goto bad;
			c->status = 1;
			break;
		case 'i':
			if (!(extra & CLI_IF_CHANGED))
				goto bad;
			c->if_changed = 1;
			break;
		case ':':
			fprintf(stderr, "%s: option '%s' needs a value (try --help)\n",
				log_prog, argv[optind - 1]);
			return -1;
		default:
			goto bad;
		}
	}
	if (optind < argc && (extra & CLI_FILES)) {
		c->files = argv + optind;
		c->nfiles = argc - optind;
	} else if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s' (try --help)\n", log_prog,
			argv[optind]);
		return -1;
	}
	if (c->quiet)
		log_level = LOG_QUIET;
	if (c->verbose)
		log_level = LOG_DEBUG;
	return 0;
bad:
	fprintf(stderr, "%s: unknown option '%s' (try --help)\n", log_prog,
		argv[optind - 1]);
	return -1;
}

void cli_usage(const char *prog, const char *what, int extra)
{
	printf("usage: %s [options]%s\n%s\n\noptions:\n"
	       "  -c, --config PATH  configuration file (default ./config.ini)\n"
	       "  -q, --quiet        errors only, nothing at all on success (for cron)\n"
	       "  -v, --verbose      more detail\n", prog, extra & CLI_FILES ? " [FILE...]" : "",
	       what);
	if (extra & CLI_FORCE)
		printf("      --force        redo the work even when nothing changed\n");
	if (extra & CLI_IF_CHANGED)
		printf("      --if-changed   do nothing when the data, the year and the configuration\n"
		       "                     are those of the last report (pana-run uses it)\n");
	if (extra & CLI_STATUS)
		printf("      --status       print the last runs and what they loaded or rejected\n");
	printf("  -h, --help         this help\n"
	       "      --version      print the version\n\n"
	       "exit status:\n"
	       "  0  success\n"
	       "  2  usage or configuration error (config.ini is checked whole at start,\n"
	       "     before anything is written)\n"
	       "  3  bad input: some file or rows were rejected as a whole, the rest went on\n"
	       "  4  I/O, database or system error (no file descriptor, memory or disk\n"
	       "     space left): the run stopped\n"
	       "  5  another pana program holds the lock\n");
}

int cli_start(struct cli *c, struct config *cfg, int argc, char **argv, const char *prog,
	      const char *what, int extra, int *status)
{
	struct err e;

	*status = EXIT_OK;
	if (cli_parse(c, argc, argv, extra)) {
		*status = EXIT_USAGE;
		return 1;
	}
	if (c->help) {
		cli_usage(prog, what, extra);
		return 1;
	}
	if (c->version) {
		printf("%s %s\n", prog, PANA_VERSION);
		return 1;
	}
	if (config_load(cfg, c->config, &e)) {
		log_error("%s", e.msg);
		config_release(cfg);
		*status = EXIT_USAGE;
		return 1;
	}
	return 0;
}

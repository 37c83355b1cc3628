/* commands.h - the subcommands of the `kindex` program.
 *
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand itself), prints to stdout/stderr and returns the process exit
 * status: 0 success, 1 partial failure (some input failed), 2 usage error or
 * fatal failure. */
#ifndef KINDEX_COMMANDS_H
#define KINDEX_COMMANDS_H

int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_cite(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_alerts(int argc, char **argv);

/* The default index directory: $KINDEX_DB, else "kindex-db". Static storage. */
const char *default_db_dir(void);

#endif

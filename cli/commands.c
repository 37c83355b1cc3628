/* commands.c - what the subcommands share. */
#include <stdlib.h>

#include "cli/commands.h"

const char *default_db_dir(void)
{
	const char *d = getenv("KINDEX_DB");
	return d && *d ? d : "kindex-db";
}

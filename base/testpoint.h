/* testpoint.h - named places where a test can stop a process exactly.
 *
 * testpoint("name") does nothing unless the environment asks for it:
 *   KINDEX_TESTPOINT=name:N        the Nth call named "name" in this process
 *                                  (counted per process; a forked worker
 *                                  counts its own calls) writes
 *                                  "name N PID\n" to $KINDEX_TESTPOINT_FILE
 *                                  when that is set, then stops the process
 *                                  with SIGSTOP, so that the test can kill
 *                                  it at that very point;
 *   KINDEX_TESTPOINT_LOG=FILE      every call appends "name\n" to FILE, so a
 *                                  test can count the points a run passes.
 * The environment is read once, at the first call.  Used by
 * tests/reliability/kill-test.sh. */
#ifndef KINDEX_TESTPOINT_H
#define KINDEX_TESTPOINT_H

void testpoint(const char *name);

#endif

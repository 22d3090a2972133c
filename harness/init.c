// SPDX-License-Identifier: GPL-2.0
/*
 * init for the KUnit test kernel (static, in the initrd).
 *
 * The kernel boots with kunit.autorun=0, so no suite has run yet.  This
 * program arms failslab for fail-nth (ignore-gfp-wait=N), runs the suites
 * named by harness.suites= (comma separated fnmatch patterns; one that
 * starts with '-' leaves out what it matches) through
 * /sys/kernel/debug/kunit/SUITE/run, prints each suite's KTAP results
 * between markers, runs the programs in /tests, scans kmemleak, prints
 * its report, and powers off.
 */
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <termios.h>
#include <sys/wait.h>
#include <unistd.h>

#define DBG "/sys/kernel/debug"

static int put(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -1 : 0;
}

static void cat(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("harness: cannot open %s\n", path);
		return;
	}
	fflush(stdout);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	close(fd);
	fflush(stdout);
}

/* A pattern of @list that starts with '-' leaves out the suites it matches. */
static int wanted(const char *suite, char *list)
{
	char copy[4096], *tok, *save;
	int want = 0;

	snprintf(copy, sizeof(copy), "%s", list);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (tok[0] == '-' && !fnmatch(tok + 1, suite, 0))
			return 0;
		if (tok[0] != '-' && !fnmatch(tok, suite, 0))
			want = 1;
	}
	return want;
}

static void run_suites(char *list)
{
	struct dirent **names;
	char path[512];
	int i, n;

	n = scandir(DBG "/kunit", &names, NULL, alphasort);
	if (n < 0) {
		printf("harness: no " DBG "/kunit\n");
		return;
	}
	for (i = 0; i < n; i++) {
		const char *s = names[i]->d_name;

		if (s[0] != '.' && wanted(s, list)) {
			printf("harness: run %s\n", s);
			fflush(stdout);
			snprintf(path, sizeof(path), DBG "/kunit/%s/run", s);
			if (put(path, "1"))
				printf("harness: cannot start %s\n", s);
			printf("harness: results %s begin\n", s);
			snprintf(path, sizeof(path), DBG "/kunit/%s/results", s);
			cat(path);
			printf("harness: results %s end\n", s);
		}
		free(names[i]);
	}
	free(names);
}

static void run_programs(void)
{
	struct dirent **names;
	char path[512];
	int i, n, status;
	pid_t pid;

	n = scandir("/tests", &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "/tests/%s", names[i]->d_name);
			printf("harness: program %s begin\n", names[i]->d_name);
			fflush(stdout);
			pid = fork();
			if (pid == 0) {
				execl(path, path, (char *)NULL);
				_exit(127);
			}
			waitpid(pid, &status, 0);
			printf("harness: program %s end exit=%d\n", names[i]->d_name,
			       WIFEXITED(status) ? WEXITSTATUS(status) : 128);
		}
		free(names[i]);
	}
	if (n > 0)
		free(names);
}

int main(void)
{
	static char cmdline[4096];
	char *suites;
	int fd, leakscan;
	ssize_t len;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", DBG, "debugfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	fd = open("/proc/cmdline", O_RDONLY);
	len = fd < 0 ? 0 : read(fd, cmdline, sizeof(cmdline) - 1);
	cmdline[len > 0 ? len : 0] = '\0';
	leakscan = !strstr(cmdline, "kmemleak=off");
	suites = strstr(cmdline, "harness.suites=");
	suites = suites ? suites + strlen("harness.suites=") : "*";
	suites[strcspn(suites, " \n")] = '\0';

	if (put(DBG "/failslab/ignore-gfp-wait", "N") ||
	    put(DBG "/failslab/verbose", "0"))
		printf("harness: failslab not available\n");
	put(DBG "/kmemleak", "clear");

	printf("harness: start suites=%s\n", suites);
	run_suites(suites);
	run_programs();

	/*
	 * kmemleak ignores objects younger than 5 s; scan twice after that.
	 * kmemleak=off (the per-patch boots of make check) skips the wait.
	 */
	if (!leakscan) {
		printf("harness: kmemleak off\n");
	} else {
		sleep(6);
		if (!put(DBG "/kmemleak", "scan") && !put(DBG "/kmemleak", "scan")) {
			printf("harness: kmemleak begin\n");
			cat(DBG "/kmemleak");
			printf("harness: kmemleak end\n");
		} else {
			printf("harness: kmemleak not available\n");
		}
	}
	printf("harness: done\n");
	fflush(stdout);
	/*
	 * The console (SCLP under QEMU) writes asynchronously: a power-off
	 * right after the last lines can lose them, and with them the end
	 * of the run: per-patch boots (kmemleak=off, no wait before this
	 * point) ended twice after their last suite's results, all cases
	 * passed.  Let the console drain first.
	 */
	tcdrain(STDOUT_FILENO);
	sleep(1);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}

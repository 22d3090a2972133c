#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a test-kernel console log written by harness/init.c.

Joins the per-suite KTAP results into one KTAP document (kunit.py parse
reads it and counts the tests), finds kernel reports (KASAN, lockdep,
UBSAN, KFENCE, kmemleak, oops, warnings), suites that did not run or did
not finish, and the exit codes of the initrd's programs, whose
'PASSED FAILED' counts go to the file named by --programs.  Exit status 1
if it found anything wrong.
"""
import argparse
import re
import sys

REPORTS = re.compile(
    r'BUG: |WARNING: |UBSAN: |KFENCE: |Oops|Kernel panic|'
    r'possible circular locking|possible recursive locking|'
    r'inconsistent lock state|DEBUG_LOCKS_WARN_ON|'
    r'suspicious RCU usage|INFO: task .* blocked|'
    r'general protection|Unable to handle kernel|kernel BUG at|'
    r'unreferenced object|------------\[ cut here \]')
PREFIX = re.compile(r'^(\[ *[0-9.]+\] )?')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('log')
    ap.add_argument('--ktap', help='write joined KTAP here')
    ap.add_argument('--programs',
                    help='write "PASSED FAILED" of the initrd\'s programs here')
    ap.add_argument('--has-reports', action='store_true',
                    help='only tell (exit 0) whether the log holds a kernel report')
    ap.add_argument('--expect', default='', help='comma list of suites that must have run')
    a = ap.parse_args()

    lines = open(a.log, errors='replace').read().splitlines()
    if a.has_reports:
        return 0 if any(REPORTS.search(l) for l in lines) else 1
    if not a.ktap or not a.programs:
        ap.error('--ktap and --programs are required')
    suites, cur, leaks, inleak, done, problems = [], None, [], False, False, []
    programs = []
    for raw in lines:
        line = raw.rstrip('\r')
        m = re.match(r'harness: results (\S+) (begin|end)$', line)
        if m:
            if m.group(2) == 'begin':
                cur = (m.group(1), [])
            else:
                suites.append(cur)
                cur = None
            continue
        if line == 'harness: kmemleak begin':
            inleak = True
            continue
        if line == 'harness: kmemleak end':
            inleak = False
            continue
        if line == 'harness: done':
            done = True
        m = re.match(r'harness: program (\S+) end exit=(\d+)$', line)
        if m:
            programs.append((m.group(1), int(m.group(2))))
        if cur is not None:
            cur[1].append(line)
        elif inleak:
            leaks.append(line)
        if REPORTS.search(line) and not inleak:
            problems.append(line.strip())

    out = ['KTAP version 1', '1..%d' % len(suites)]
    for i, (name, body) in enumerate(suites, 1):
        # Drop the per-file 'KTAP version 1' / '1..1' and renumber.
        body = [l for l in body[2:] if l.strip()]
        if not body or not re.match(r'(not )?ok 1 ', body[-1]):
            problems.append('suite %s: results incomplete (crash?)' % name)
            body.append('not ok 1 %s' % name)
        body[-1] = re.sub(r'^(not ok|ok) 1 ', r'\g<1> %d ' % i, body[-1])
        out += body
    open(a.ktap, 'w').write('\n'.join(out) + '\n')

    # Programs in the initrd (kselftests): 0 or 4 (KSFT_SKIP) is a pass.
    passed = failed = 0
    for name, rc in programs:
        if rc in (0, 4):
            passed += 1
        else:
            failed += 1
            problems.append('program %s exited with %d' % (name, rc))
    open(a.programs, 'w').write('%d %d\n' % (passed, failed))

    ran = {n for n, _ in suites}
    for want in filter(None, a.expect.split(',')):
        if want not in ran:
            problems.append('suite %s did not run' % want)
    if any(l.strip() for l in leaks):
        problems.append('kmemleak reports %d lines' % len(leaks))
        sys.stderr.write('\n'.join(leaks[:60]) + '\n')
    if not done:
        problems.append('the test kernel did not reach the end of its run')
    for p in problems:
        sys.stderr.write('verdict: %s\n' % p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

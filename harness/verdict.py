#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a test-kernel console log written by harness/init.c.

Joins the per-suite KTAP results into one KTAP document (for kunit.py
parse), finds kernel reports (KASAN, lockdep, UBSAN, KFENCE, kmemleak,
oops, warnings), and prints 'PASSED FAILED SKIPPED' counts to the file
named by --counts.  Exit status 1 if anything failed or is missing.
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
    ap.add_argument('--counts')
    ap.add_argument('--has-reports', action='store_true',
                    help='only tell (exit 0) whether the log holds a kernel report')
    ap.add_argument('--expect', default='', help='comma list of suites that must have run')
    ap.add_argument('--allow-skip', action='store_true',
                    help='a skipped test is not a failure')
    a = ap.parse_args()

    lines = open(a.log, errors='replace').read().splitlines()
    if a.has_reports:
        return 0 if any(REPORTS.search(l) for l in lines) else 1
    if not a.ktap or not a.counts:
        ap.error('--ktap and --counts are required')
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

    passed = failed = skipped = 0
    out = ['KTAP version 1', '1..%d' % len(suites)]
    for i, (name, body) in enumerate(suites, 1):
        # Drop the per-file 'KTAP version 1' / '1..1' and renumber.
        body = [l for l in body[2:] if l.strip()]
        if not body or not re.match(r'(not )?ok 1 ', body[-1]):
            problems.append('suite %s: results incomplete (crash?)' % name)
            body.append('not ok 1 %s' % name)
        body[-1] = re.sub(r'^(not ok|ok) 1 ', r'\g<1> %d ' % i, body[-1])
        out += body
        # Count the leaves: results of cases, and of the parameters of a
        # parameterized case (whose own result line is then not counted).
        parents = set()
        for l in body:
            m = re.match(r'^( +)# Subtest: (.*)$', l)
            if m and len(m.group(1)) >= 8:
                parents.add((len(m.group(1)) - 4, m.group(2)))
        for l in body:
            m = re.match(r'^( {4,})(not ok|ok) \d+ (.*?)(\s+#\s*SKIP.*)?$', l)
            if not m or (len(m.group(1)), m.group(3)) in parents:
                continue
            if m.group(4):
                skipped += 1
            elif m.group(2) == 'ok':
                passed += 1
            else:
                failed += 1
        if re.match(r'^not ok', body[-1]) and not any(
                re.match(r'^    not ok', l) for l in body):
            failed += 1   # suite-level failure (init, crash)
    open(a.ktap, 'w').write('\n'.join(out) + '\n')

    # Programs in the initrd (kselftests): 0 or 4 (KSFT_SKIP) is a pass.
    for name, rc in programs:
        if rc in (0, 4):
            passed += 1
        else:
            failed += 1
            problems.append('program %s exited with %d' % (name, rc))

    ran = {n for n, _ in suites}
    for want in filter(None, a.expect.split(',')):
        if want not in ran:
            problems.append('suite %s did not run' % want)
            failed += 1
    if any(l.strip() for l in leaks):
        problems.append('kmemleak reports %d lines' % len(leaks))
        sys.stderr.write('\n'.join(leaks[:60]) + '\n')
    if skipped and not a.allow_skip:
        problems.append('%d tests skipped (the harness must run them all)' % skipped)
    if not done:
        problems.append('the test kernel did not reach the end of its run')
    for p in problems:
        sys.stderr.write('verdict: %s\n' % p)
    if problems:
        failed += 1
    open(a.counts, 'w').write('%d %d %d\n' % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

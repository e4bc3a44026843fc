#!/usr/bin/env python3
# usage: stacks.py NAME REGEX_TOPFRAMES [depth]  -> most common stack prefixes (in window) whose first `depth` frames match
import json, os, re, sys, subprocess, collections, datetime
name, rx = sys.argv[1], sys.argv[2]; depth = int(sys.argv[3]) if len(sys.argv) > 3 else 8
d = os.environ.get('PROFILE_DIR', '/tmp/keyferry-profile') + '/'; ph = json.load(open(d+name+'.phase.json')); t0, t1 = ph['start'], ph['end']
p = subprocess.Popen(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '96', d+name+'.jfr'], stdout=subprocess.PIPE, text=True)
day = datetime.datetime.fromtimestamp(t0).date()
def tsec(hms):
    h, m, s = hms.split(':'); return datetime.datetime.combine(day, datetime.time(int(h), int(m))).timestamp() + float(s)
c = collections.Counter(); cur = None; tot = 0
for line in p.stdout:
    s = line.strip()
    if s.startswith('jdk.ExecutionSample'): cur = {'f': []}
    elif cur is None: continue
    elif s.startswith('startTime ='): cur['t'] = tsec(s.split('=')[1].strip().split()[0])
    elif s.startswith('sampledThread ='): cur['n'] = s
    elif s == '}':
        if t0 <= cur.get('t', 0) <= t1:
            tot += 1
            fr = [re.sub(r'\(.*', '', f) for f in cur['f']]
            if re.search(rx, cur['n'] + ' ' + ' '.join(fr[:depth])): c[tuple(fr[:depth])] += 1
        cur = None
    elif 'line:' in s: cur['f'].append(s)
print('total samples in window', tot, 'matching', sum(c.values()))
for k, n in c.most_common(int(sys.argv[4]) if len(sys.argv) > 4 else 8):
    print(n); [print('    ', f) for f in k]

#!/usr/bin/env python3
# usage: headers.py NAME -> share of the connector phase's JFR samples (per thread group) whose innermost frames are header code
import collections, datetime, json, os, re, subprocess, sys
name = sys.argv[1]; d = os.environ.get('PROFILE_DIR', '/tmp/keyferry-profile') + '/'
ph = json.load(open(d+name+'.phase.json')); t0, t1 = ph['start'], ph['end']
p = subprocess.Popen(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '96', d+name+'.jfr'], stdout=subprocess.PIPE, text=True)
day = datetime.datetime.fromtimestamp(t0).date()
def tsec(hms):
    h, m, s = hms.split(':'); return datetime.datetime.combine(day, datetime.time(int(h), int(m))).timestamp() + float(s)
HDR = re.compile(r'[Hh]eader')
samples = []; cur = None
for line in p.stdout:
    s = line.strip()
    if s.startswith('jdk.ExecutionSample'): cur = {'f': []}
    elif cur is None: continue
    elif s.startswith('startTime ='): cur['t'] = tsec(s.split('=')[1].strip().split()[0])
    elif s.startswith('sampledThread ='): cur['n'] = s
    elif s == '}':
        if t0 <= cur.get('t', 0) <= t1: samples.append((cur['n'], [re.sub(r'\(.*', '', f) for f in cur['f']]))
        cur = None
    elif 'line:' in s: cur['f'].append(s)
role = {}
for n, fr in samples:
    if 'kafka-producer-network' in n: continue
    if any(f.startswith('io.keyferry.source.RedisSourceTask') for f in fr): role[n] = 'source task'
    elif any(f.startswith('io.keyferry.sink.RedisSinkTask') for f in fr): role[n] = 'sink tasks'
def grp(n):
    if n in role: return role[n]
    if 'kafka-producer-network' in n: return 'producer I/O'
    if re.search(r'data-plane|executor-|Reaper|group-coordinator|raft', n): return 'broker'
    return 'other'
tot = collections.Counter(); hdr = collections.Counter()
for n, fr in samples:
    g = grp(n); tot[g] += 1
    if any(HDR.search(f) for f in fr[:6]): hdr[g] += 1
for g in tot: print(f"{g:14s} samples {tot[g]:5d} header code {hdr[g]:4d} {100*hdr[g]/tot[g]:5.1f}%")

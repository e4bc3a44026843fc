#!/usr/bin/env python3
# usage: samples.py NAME -> splits each thread group's CPU (from /proc, connector phase) by JFR samples' layer
import json, os, re, sys, subprocess, collections, datetime
name = sys.argv[1]; d = os.environ.get('PROFILE_DIR', '/tmp/keyferry-profile') + '/'
ph = json.load(open(d+name+'.phase.json'))
t0, t1 = ph['start'], ph['end']
os2java = {}
txt = subprocess.run(['jfr', 'print', '--events', 'jdk.ThreadStart', '--json', d+name+'.jfr'], capture_output=True, text=True).stdout
for e in json.loads(txt)['recording']['events']:
    th = e['values'].get('thread') or {}
    if th.get('osThreadId'): os2java[str(th['osThreadId'])] = th.get('javaThreadId')
p = subprocess.Popen(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '96', d+name+'.jfr'], stdout=subprocess.PIPE, text=True)
def tsec(hms):  # local wall clock of the day of t0
    day = datetime.datetime.fromtimestamp(t0).date()
    h, m, s = hms.split(':'); dt = datetime.datetime.combine(day, datetime.time(int(h), int(m))) 
    return dt.timestamp() + float(s)
SKIP = ('java.', 'jdk.', 'sun.', 'com.sun.', 'scala.')
def cat(f):
    if f.startswith(SKIP): return None
    if f.startswith('io.keyferry.source'): return 'keyferry source code'
    if f.startswith('io.keyferry.sink'): return 'keyferry sink code'
    if f.startswith('io.keyferry.common'): return 'keyferry common code'
    if f.startswith('io.keyferry'): return 'benchmark/harness'
    if f.startswith(('io.lettuce', 'io.netty', 'reactor.')): return 'Lettuce/Netty'
    if re.match(r'org\.apache\.kafka\.connect\.(storage|converters|json)\.|org\.apache\.kafka\.common\.serialization', f): return 'converters'
    if f.startswith('org.apache.kafka.connect.header') or 'convertHeader' in f: return 'headers'
    if f.startswith('org.apache.kafka.connect'): return 'Connect runtime'
    if f.startswith('org.apache.kafka.clients.producer'): return 'producer'
    if f.startswith('org.apache.kafka.clients.consumer'): return 'consumer'
    if f.startswith(('kafka.', 'org.apache.kafka.storage', 'org.apache.kafka.server', 'org.apache.kafka.raft',
                     'org.apache.kafka.metadata', 'org.apache.kafka.coordinator', 'org.apache.kafka.controller', 'org.apache.kafka.image', 'org.apache.kafka.network')): return 'broker'
    if f.startswith(('org.apache.log4j', 'org.slf4j', 'org.apache.logging')): return 'logging'
    if f.startswith(('org.apache.kafka.common.record', 'org.apache.kafka.common.compress', 'org.apache.kafka.common.utils')): return None  # records/compression: shared
    if f.startswith('org.apache.kafka'): return None
    return 'other lib'
samples = collections.defaultdict(collections.Counter)   # javaThreadId -> layer -> n
tnames = collections.defaultdict(collections.Counter)
topframes = collections.defaultdict(collections.Counter)  # group-agnostic: layer -> top frame
cur = None
for line in p.stdout:
    s = line.strip()
    if s.startswith('jdk.ExecutionSample'): cur = {'frames': []}
    elif cur is None: continue
    elif s.startswith('startTime ='): cur['t'] = tsec(s.split('=')[1].strip().split()[0])
    elif s.startswith('sampledThread ='):
        m = re.match(r'sampledThread = "(.*)" \(javaThreadId = (\d+)\)', s); cur['name'], cur['jt'] = m.group(1), int(m.group(2))
    elif s.startswith('stackTrace') or s == '...': pass
    elif s == ']': pass
    elif s == '}':
        if t0 <= cur.get('t', 0) <= t1 and 'jt' in cur:
            fr = cur['frames']; layer = None
            for f in fr:
                c = cat(f)
                if c: layer = c; break
            if layer in ('headers', 'converters') and any(f.startswith('io.keyferry') for f in fr):
                layer = 'keyferry header handling'
            if layer is None:
                layer = 'kafka records/common' if any(f.startswith('org.apache.kafka') for f in fr) else 'JDK only'
            samples[cur['jt']][layer] += 1; tnames[cur['jt']][cur['name']] += 1
            topframes[layer][re.sub(r'\(.*', '', fr[0]) if fr else '?'] += 1
        cur = None
    elif cur is not None and 'line:' in s: cur['frames'].append(s)
comp = collections.defaultdict(float); gl = collections.defaultdict(collections.Counter)
for tid, (pname, cpu) in ph['threads'].items():
    jt = os2java.get(tid)
    nm = tnames[jt].most_common(1)[0][0] if jt in tnames else pname
    lay = samples.get(jt)
    g = re.sub(r'-\d+$', '', nm) if nm.startswith('task-thread') else None
    if not lay or sum(lay.values()) < 5:
        comp[('thread:'+ (g or pname[:30]), 'unsampled')] += cpu; continue
    tot = sum(lay.values())
    for l, n in lay.items(): comp[(g or nm[:45], l)] += cpu*n/tot
jvm = sum(ph['threads'][t][1] for t in ph['threads'])
print(f"{name}: window {t1-t0:.1f}s, JVM {jvm:.1f} cpu-s")
for k, v in sorted(comp.items(), key=lambda kv: -kv[1])[:60]:
    print(f"  {k[0][:48]:48s} {k[1]:24s} {v:6.2f} {100*v/jvm:5.1f}%")
print("top frames per layer:")
for l, c in topframes.items():
    print(' ', l, sum(c.values()), '|', '; '.join(f"{f[-70:]} {n}" for f, n in c.most_common(6)))
json.dump({'/'.join(k): v for k, v in comp.items()}, open(d+name+'.comp.json', 'w'))

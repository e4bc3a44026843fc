#!/usr/bin/env python3
# usage: analyze.py NAME  -> CPU of the connector phase (start .. target complete) by thread group and by component
import json, re, sys, subprocess, collections, datetime, os
name = sys.argv[1]; d = os.environ.get('PROFILE_DIR', '/tmp/keyferry-profile') + '/'
out = [l.rstrip('\n').split(' ', 1) for l in open(d+name+'.out')]
out = [(float(x[0]), x[1]) for x in out if len(x) == 2 and re.match(r"^[\d.]+$", x[0])]
start = end = None; rows = {}
for t, l in out:
    m = re.search(r'source read and handed over every key after ([\d.]+) s', l)
    if m: start = t - float(m.group(1))
    m = re.match(r'(\S.*?)\s{2,}([\d.]+)\s+([\d,]+)\s+([\d.]+)\s+([\d.]+)x\s+([\d.]+)$', l)
    if m: rows[m.group(1).strip()] = (float(m.group(2)), float(m.group(6)))
comp = [v for k, v in rows.items() if 'target complete' in k][-1:]
if comp:
    comp = comp[0]
else:  # the run failed at the comparison: the copy ended when the Connect task threads stopped working
    # (the source's own end is printed): the first second after it in which the task threads were idle
    mon0 = [json.loads(l) for l in open(d+name+'.mon')]
    src_end = [t for t, l in out if 'source read and handed over' in l][-1]
    last = src_end
    for r0, r1 in zip(mon0, mon0[1:]):
        if r1['t'] <= src_end: continue
        busy = [v[1] - r0['threads'].get(t, [0, 0])[1] for t, v in r1['threads'].items() if v[0].startswith(('pool-', 'task-thread'))]
        last = r1['t']
        if busy and sum(busy) < 0.015 * len(busy) * (r1['t'] - r0['t']): break
    comp = (last - start, float('nan'))
    print('no "target complete" row: copy taken to end at the last second a task thread worked')
end = start + comp[0]
mig = [v for k, v in rows.items() if k.startswith('MIGRATE')][0]
mon = [json.loads(l) for l in open(d+name+'.mon')]
def at(t): return min(mon, key=lambda r: abs(r['t']-t))
a, b = at(start), at(end)
print(f"{name}: MIGRATE {mig[0]:.2f} s {mig[1]:.1f} cpu-s; keyferry complete {comp[0]:.2f} s {comp[1]:.1f} cpu-s (bench), window sample dt {a['t']-start:+.2f}/{b['t']-end:+.2f}")
# redis servers by start order
allr = {}
for r in mon:
    for p, v in r['redis'].items(): allr.setdefault(p, v[0])
order = sorted(allr, key=lambda p: allr[p])
rs = [(p, b['redis'][p]) for p in order if p in b['redis']]
idx = {p: (i if i < 3 or i == len(order) - 1 else 4) for i, p in enumerate(order)}
if len(order) > 3: idx[order[-1]] = 3
roles = ['source', 'migrate-target', 'rdb-target', 'keyferry-target', 'earlier keyferry target']
red = {}
for i, (p, v) in enumerate(rs):
    before = a['redis'].get(p, [0, 0, 0])
    red[roles[idx[p]]] = (v[1]+v[2]) - (before[1]+before[2])
mt = [t for t, l in out if l.startswith('MIGRATE')][0]; ms = mt - mig[0]
ma, mb = at(ms), at(mt)
src_p = order[0]; tgt_p = order[1]
last_tgt = [r['redis'][tgt_p] for r in mon if tgt_p in r['redis']][-1]
red['migrate: source'] = sum(mb['redis'][src_p][1:]) - sum(ma['redis'][src_p][1:])
red['migrate: target'] = sum(last_tgt[1:])
# thread names from JFR thread starts
names = {}
txt = subprocess.run(['jfr', 'print', '--events', 'jdk.ThreadStart', '--json', d+name+'.jfr'], capture_output=True, text=True).stdout
for e in json.loads(txt)['recording']['events']:
    th = e['values'].get('thread') or {}
    if th.get('osThreadId'): names[str(th['osThreadId'])] = th.get('javaName') or th.get('osName')
def group(n):
    rules = [('source task', r'task-thread-.*-source'), ('sink task', r'task-thread-.*-sink'),
             ('producer I/O', r'kafka-producer-network-thread.*connector-producer'),
             ('worker internal clients', r'kafka-producer-network|kafka-coordinator|KafkaBasedLog|heartbeat|consumer'),
             ('broker', r'data-plane|kafka-request-handler|kafka-network|Processor|ReplicaFetcher|raft|broker|controller|kafka-log|log-cleaner|group-coord|ExpirationReaper|kafka-scheduler|quorum|metadata|share|transaction|executor'),
             ('lettuce', r'lettuce|epoll|nioEventLoop'), ('GC', r'^GC Thread|^G1 '), ('JIT', r'CompilerThre|Compiler'),
             ('VM other', r'^VM |Reference Handl|Finalizer|Signal|Service Thread|Common-Cleaner|Sweeper|JFR|Notification|Attach')]
    for g, rx in rules:
        if re.search(rx, n): return g
    return 'other: ' + n[:40]
gcpu = collections.Counter(); tcpu = {}
for tid, (c, cpu) in b['threads'].items():
    delta = cpu - a['threads'].get(tid, [c, 0])[1]
    if delta <= 0.005: continue
    n = names.get(tid, c); tcpu[tid] = (n, delta); gcpu[group(n)] += delta
jvm = sum(gcpu.values())
print(f"JVM threads {jvm:.1f} cpu-s; redis: " + ', '.join(f"{k} {v:.1f}" for k, v in red.items()))
for g, v in gcpu.most_common(): print(f"  {g:35s} {v:6.1f} {100*v/jvm:5.1f}%")
print("top threads:")
for tid, (n, v) in sorted(tcpu.items(), key=lambda kv: -kv[1][1])[:25]: print(f"  {tid:>7} {n[:70]:70s} {v:6.2f}")
ver = ([v for k, v in rows.items() if 'verified' in k] or [None])[-1]
if ver is None:
    json.dump({'start': start, 'end': end, 'groups': gcpu, 'redis': red, 'threads': tcpu, 'mig': mig, 'comp': comp}, open(d+name+'.phase.json', 'w'))
    sys.exit(0)
vend = start + ver[0]; c = at(vend)
vj = sum(cpu - b['threads'].get(tid, [0, 0])[1] for tid, (n, cpu) in c['threads'].items())
vr = {p: (c['redis'][p][1] + c['redis'][p][2]) - (b['redis'].get(p, [0, 0, 0])[1] + b['redis'].get(p, [0, 0, 0])[2]) for p in c['redis']}
vth = collections.Counter()
for tid, (n, cpu) in c['threads'].items():
    vth[names.get(tid, n)[:40]] += cpu - b['threads'].get(tid, [0, 0])[1]
print(f"comparison (complete -> verified): {ver[0]-comp[0]:.1f} s, JVM {vj:.1f} cpu-s, redis " + ', '.join(f"{roles[idx[p]]} {v:.1f}" for p, v in vr.items()) + f" (bench: {ver[1]-comp[1]:.1f})")
print('  comparison threads:', ', '.join(f"{n} {v:.1f}" for n, v in vth.most_common(8)))
json.dump({'verify': [ver[0]-comp[0], vj, vr], 'start': start, 'end': end, 'groups': gcpu, 'redis': red, 'threads': tcpu, 'mig': mig, 'comp': comp}, open(d+name+'.phase.json', 'w'))

#!/usr/bin/env python3
# usage: table.py NAME... -> markdown table of the connector phase's core-seconds by component, one column per run
import json, os, re, subprocess, sys
d = os.environ.get('PROFILE_DIR', '/tmp/keyferry-profile') + '/'
here = os.path.dirname(os.path.abspath(__file__))
ROWS = [('source task: keyferry code (scan, records, acks, headers built)', ['source task: keyferry code', 'source task: keyferry header building (ConnectHeaders)']),
        ('source task: Lettuce/Netty (SCAN, script calls)', ['source task: Lettuce/Netty']),
        ('Kafka producer (send, batches, I/O thread)', ['Kafka producer']),
        ('broker', ['broker']),
        ('consumer (fetch, record parsing)', ['consumer']),
        ('Connect runtime (task loops, offsets, record conversion)', ['Connect runtime', 'Connect runtime: logging checks']),
        ('header conversion by Connect (StringConverter, both sides)', ['source: header conversion (Connect, StringConverter)', 'sink: header conversion (Connect, StringConverter)']),
        ('sink task: keyferry code (decode, headers read, write queue)', ['sink task: keyferry code', 'sink task: keyferry header reading (ConnectHeaders)']),
        ('sink task: Lettuce/Netty (RESTORE commands)', ['sink task: Lettuce/Netty']),
        ('GC', ['GC']), ('JIT compilers', ['JIT']), ('JFR (the profiler itself)', ['JFR (the profiler)']),
        ('other JVM threads', ['VM other', 'benchmark polling', 'other'])]
runs = sys.argv[1:]; cols = {}
for n in runs:
    out = subprocess.run([sys.executable, os.path.join(here, 'report.py'), n], capture_output=True, text=True, env=os.environ).stdout
    vals = {}
    for l in out.splitlines():
        m = re.match(r'  (.+?)\s{2,}([\d.]+)\s', l)
        if m: vals[m.group(1).strip()] = float(m.group(2))
    ph = json.load(open(d+n+'.phase.json'))
    cols[n] = (vals, ph)
print('| component | ' + ' | '.join(runs) + ' |'); print('|---|' + '---:|' * len(runs))
for label, keys in ROWS + [('redis-server, source (SCAN + DUMP script)', ['redis-server source']), ('redis-server, target (RESTORE)', ['redis-server target'])]:
    cells = []
    for n in runs:
        vals, ph = cols[n]; tot = sum(v for k, v in vals.items()); v = sum(vals.get(k, 0) for k in keys)
        cells.append(f'{v:.1f} ({100*v/tot:.0f}%)')
    print(f'| {label} | ' + ' | '.join(cells) + ' |')
cells = []; cells2 = []; cells3 = []
for n in runs:
    vals, ph = cols[n]; tot = sum(vals.values()); cells.append(f'**{tot:.1f}**'); cells2.append(f"{ph['mig'][1]:.1f}"); cells3.append(f"**{tot/ph['mig'][1]:.2f}**")
print('| **all, connector phase** | ' + ' | '.join(cells) + ' |')
print('| MIGRATE, same run (servers and JVM) | ' + ' | '.join(cells2) + ' |')
print('| keyferry / MIGRATE core-seconds | ' + ' | '.join(cells3) + ' |')

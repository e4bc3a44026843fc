#!/usr/bin/env python3
# usage: report.py NAME -> component table for the connector phase (needs NAME.phase.json from analyze.py, NAME.comp.json from samples.py)
import json, os, re, sys, collections
name = sys.argv[1]; d = os.environ.get('PROFILE_DIR', '/tmp/keyferry-profile') + '/'
ph = json.load(open(d+name+'.phase.json')); comp = json.load(open(d+name+'.comp.json'))
# which pool threads are the source task / sink tasks
byth = collections.defaultdict(dict)
for k, v in comp.items():
    th, layer = k.split('/', 1); byth[th][layer] = v
src = max((t for t in byth if t.startswith('pool-')), key=lambda t: byth[t].get('keyferry source code', 0))
sinks = {t for t in byth if t.startswith('pool-') and byth[t].get('keyferry sink code', 0) > 0 and t != src}
tids = {v[0]: int(k) for k, v in ph['threads'].items()}
src_tid = tids.get(src, 0); first_sink = min(tids.get(t, 1 << 40) for t in sinks)
C = collections.OrderedDict((k, 0.0) for k in [
    'source task: keyferry code', 'source task: keyferry header building (ConnectHeaders)', 'source task: Lettuce/Netty', 'source: header conversion (Connect, StringConverter)',
    'Kafka producer', 'broker', 'consumer', 'Connect runtime', 'Connect runtime: logging checks',
    'sink: header conversion (Connect, StringConverter)', 'sink task: keyferry code', 'sink task: keyferry header reading (ConnectHeaders)', 'sink task: Lettuce/Netty',
    'GC', 'JIT', 'JFR (the profiler)', 'VM other', 'benchmark polling', 'other'])
def add(k, v): C[k] += v
for th, layers in byth.items():
    for layer, v in layers.items():
        tn = th[len('thread:'):] if th.startswith('thread:') else th
        if th == src:
            m = {'keyferry header handling': 'source task: keyferry header building (ConnectHeaders)', 'keyferry source code': 'source task: keyferry code', 'keyferry common code': 'source task: keyferry code',
                 'Lettuce/Netty': 'source task: Lettuce/Netty', 'headers': 'source: header conversion (Connect, StringConverter)',
                 'converters': 'source: header conversion (Connect, StringConverter)', 'producer': 'Kafka producer',
                 'kafka records/common': 'Kafka producer', 'logging': 'Connect runtime: logging checks'}.get(layer, 'Connect runtime')
        elif th in sinks:
            m = {'keyferry header handling': 'sink task: keyferry header reading (ConnectHeaders)', 'keyferry sink code': 'sink task: keyferry code', 'keyferry common code': 'sink task: keyferry code',
                 'Lettuce/Netty': 'sink task: Lettuce/Netty', 'headers': 'sink: header conversion (Connect, StringConverter)',
                 'converters': 'sink: header conversion (Connect, StringConverter)', 'consumer': 'consumer',
                 'kafka records/common': 'consumer', 'logging': 'Connect runtime: logging checks'}.get(layer, 'Connect runtime')
        elif re.search(r'kafka-producer-network-thread . connector-pro', tn):
            m = {'keyferry source code': 'source task: keyferry code', 'Connect runtime': 'Connect runtime',
                 'logging': 'Connect runtime: logging checks'}.get(layer, 'Kafka producer')
        elif re.search(r'lettuce|EventLoop', tn):
            tid = tids.get(tn, tids.get(th, 0))
            m = 'source task: Lettuce/Netty' if src_tid < tid < first_sink else 'sink task: Lettuce/Netty'
        elif re.search(r'^GC Thread|^G1 |^ParGC|^PSYoung|^PSOld|^Parallel', tn): m = 'GC'
        elif re.search(r'Compiler|Sweeper', tn): m = 'JIT'
        elif re.search(r'^JFR', tn): m = 'JFR (the profiler)'
        elif re.search(r'^VM |Reference Handl|Finalizer|Signal|Service Thread|Common-Cleaner|Monitor Deflati|Notification', tn): m = 'VM other'
        elif re.search(r'data-plane|kafka-request-handler|executor-|group-coordinator|ExpirationReaper|raft|quorum|controller|broker|kafka-log|log-cleaner|kafka-scheduler|share-|transaction|metadata|client-metrics|ReplicaFetcher|LogDirFailure|fetch-session', tn): m = 'broker'
        elif re.search(r'DistributedHerder|KafkaBasedLog|heartbeat|OffsetCommitter|StartAndStop|admin-client|kafka-producer-network|kafka-coordinator|metrics-meter|qtp|Scheduler|pool-', tn): m = 'Connect runtime'
        elif tn == 'main': m = 'benchmark polling'
        else: m = 'other'
        add(m, v)
jvm = sum(C.values()); red = ph['redis']
tot = jvm + red.get('source', 0) + red.get('keyferry-target', 0)
print(f"{name}: connector phase {ph['comp'][0]:.1f} s; JVM {jvm:.1f} + redis source {red.get('source',0):.1f} + target {red.get('keyferry-target',0):.1f} = {tot:.1f} cpu-s (bench says {ph['comp'][1]:.1f}); MIGRATE {ph['mig'][1]:.1f} cpu-s -> ratio {tot/ph['mig'][1]:.2f}")
for k, v in C.items():
    print(f"  {k:55s} {v:6.1f}  {100*v/tot:5.1f}% of all  {100*v/jvm:5.1f}% of JVM")
print(f"  {'redis-server source':55s} {red.get('source',0):6.1f}  {100*red.get('source',0)/tot:5.1f}%")
print(f"  {'redis-server target':55s} {red.get('keyferry-target',0):6.1f}  {100*red.get('keyferry-target',0)/tot:5.1f}%")
print('source thread', src, 'sinks', sorted(sinks))

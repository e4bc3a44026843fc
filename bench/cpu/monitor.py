#!/usr/bin/env python3
# Samples per-thread CPU of a JVM and CPU of its redis-server children every second.
import os, sys, time, json
pid = sys.argv[1]; out = open(sys.argv[2], 'w')
tck = os.sysconf('SC_CLK_TCK')
def stat(path):
    with open(path) as f: s = f.read()
    comm = s[s.index('(')+1:s.rindex(')')]
    f = s[s.rindex(')')+2:].split()
    # fields after comm: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14) starttime(19)
    return comm, int(f[1]), (int(f[11])+int(f[12]))/tck, (int(f[13])+int(f[14]))/tck, int(f[19])
while os.path.exists('/proc/'+pid):
    t = time.time(); rec = {'t': t, 'threads': {}, 'redis': {}}
    try:
        for tid in os.listdir(f'/proc/{pid}/task'):
            try:
                c, _, cpu, _, _ = stat(f'/proc/{pid}/task/{tid}/stat'); rec['threads'][tid] = [c, cpu]
            except Exception: pass
        for p in os.listdir('/proc'):
            if p.isdigit():
                try:
                    c, ppid, cpu, ccpu, st = stat(f'/proc/{p}/stat')
                    if ppid == int(pid) and c.startswith('redis-server'):
                        rec['redis'][p] = [st, cpu, ccpu]
                except Exception: pass
    except FileNotFoundError: break
    out.write(json.dumps(rec)+'\n'); out.flush()
    time.sleep(1)

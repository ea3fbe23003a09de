import re,sys,json
rows=[]
for l in open('samples.txt'):
    m=re.match(r't=\s*(\d+)s heap=\s*([\d.]+) MiB rocksdb=\s*([\d.]+) MiB \(state\s*([\d.]+), LOG\s*([\d.]+)\) checkpoints=\s*([\d.]+) MiB server-dir=\s*([\d.]+) MiB version=(\d+) ledger-in-memory=(\d+) rollouts/(\d+) batches results=(\d+) archived=(\d+) load=([\d.]+)',l)
    if m: rows.append([float(x) for x in m.groups()])
print(len(rows),'samples')
pick=[r for r in rows if int(r[0])//30 % 24 ==0]  # every 12 min
hdr=['t (min)','heap used MiB','RocksDB state MiB','RocksDB LOG MiB','Flink checkpoints MiB','server dir MiB','policy version','ledger rollouts in memory','rollouts archived','load average']
idx=[0,1,3,4,5,6,7,8,11,12]
print('| '+' | '.join([hdr[0]]+['%d'%(r[0]/60) for r in pick])+' |')
print('|'+'---|'*(len(pick)+1))
for h,i in zip(hdr[1:],idx[1:]):
    fmt='%.1f' if i in (1,3,4,5,6,12) else '%d'
    print('| '+h+' | '+' | '.join([(fmt%r[i]) if fmt=='%.1f' else '{:,}'.format(int(r[i])).replace(',', ' ') for r in pick])+' |')

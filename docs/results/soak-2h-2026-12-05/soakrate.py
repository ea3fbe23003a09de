import re
rows=[]
for l in open('samples.txt'):
    m=re.match(r't=\s*(\d+)s heap=\s*([\d.]+) MiB .*version=(\d+) ledger-in-memory=(\d+) rollouts/(\d+) batches .*load=([\d.]+)',l)
    if m: rows.append([float(x) for x in m.groups()])
n=len(rows); third=n//3
def seg(a,b):
    ch=rows[a:b]
    rate=(ch[-1][2]-ch[0][2])/(ch[-1][0]-ch[0][0])
    bat=sum(r[4] for r in ch)/len(ch)
    heap=sum(r[1] for r in ch)/len(ch)
    load=sum(r[5] for r in ch)/len(ch)
    return rate,bat,heap,load
for name,(a,b) in {'first':(0,third),'middle':(third,2*third),'last':(2*third,n)}.items():
    r,bat,h,ld=seg(a,b); print(name,'versions/s %.1f'%r,'batches in memory %.0f'%bat,'-> batches beyond the window of 64: %.0f = %.1f s of training'%(bat-64,(bat-64)/r),'heap %.1f'%h,'load %.1f'%ld)

import sys, re, collections
def samples(path):
    cur=None; thread=None; stack=[]
    for line in open(path):
        line=line.rstrip('\n')
        if line.startswith('jdk.ExecutionSample'):
            thread=None; stack=[]
        elif 'sampledThread' in line:
            thread=line.split('"')[1]
        elif line.startswith('    ') and not line.startswith('     '):
            stack.append(line.strip())
        elif line=='}':
            yield thread, stack
cats=[('windows.closeUpTo','OverSpeedWindows.closeUpTo'),('windows.process(store)','OverSpeedWindows.process'),
 ('avro serialize','SpecificAvroSerializer.serialize'),('avro deserialize','SpecificAvroDeserializer.deserialize'),
 ('parse','DrivingLineParser.parse'),('RawLine.of','RawLine.of'),('counters','PipelineCounters'),
 ('commit (task executor)','TaskExecutor.commit'),('commit (other)','commit'),('punctuate','punctuate'),
 ('producer send (collector)','RecordCollectorImpl.send'),('consumer poll (fetch, decompress, parse batches)','KafkaConsumer.poll'),('sink process','SinkNode.process'),
 ('LineValidation other','LineValidation.process'),('addRecords (record queue, size accounting)','addRecords'),('other per-record task work (record queue, metrics)','StreamTask.process'),
]
path=sys.argv[1]
threads=collections.Counter(); bycat=collections.Counter(); total=0
top=collections.Counter()
for t,st in samples(path):
    tn=re.sub(r'-\d+$','',t or '?'); tn=re.sub(r'[0-9a-f]{8}-[0-9a-f-]+','ID',tn)
    threads[tn]+=1; total+=1
    if 'StreamThread' in tn and 'producer' not in tn:
        s=' | '.join(st)
        for name,key in cats:
            if key in s:
                bycat[name]+=1; break
        else:
            bycat['other: '+(st[0] if st else '?')[:90]]+=1
print('total',total)
for k,v in threads.most_common(12): print(f'{v:6d} {100*v/total:5.1f}% {k}')
st_total=sum(v for k,v in threads.items() if 'StreamThread' in k and 'producer' not in k)
print('--- stream thread', st_total)
for k,v in bycat.most_common(40): print(f'{v:6d} {100*v/st_total:5.1f}% {k}')

#!/usr/bin/env bash
set -u
cd /work/main
rm -rf /tmp/weft-run/hlog /tmp/weft-run/report
deploy/bin/weft node --rest.port=18080 --executor.endpoint=127.0.0.1:40190 --grid.port=0 --cluster.name=report-demo-$$ \
  --metrics.latency.interval-ms=2000 --metrics.latency.log-dir=/tmp/weft-run/hlog --capacity.alert-after-ms=10000 \
  --capacity.alert-clear-after-ms=5000 > /tmp/weft-run/node.log 2>&1 &
NODE=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:18080/health && break; sleep 1; done
deploy/bin/weft executor --node 127.0.0.1:40190 --slots ocr=4,llm=2 > /tmp/weft-run/executor.log 2>&1 &
EXEC=$!
sleep 5
dag() {
  local jobs="" deps=""
  for p in 1 2 3 4 5 6 7 8; do
    jobs="$jobs{\"id\":\"ocr-$p\",\"executorClass\":\"ocr\",\"payload\":{\"op\":\"sleep\",\"ms\":200}},"
    deps="$deps\"ocr-$p\","
  done
  echo "{\"name\":\"doc-$1\",\"jobs\":[$jobs{\"id\":\"summarise\",\"executorClass\":\"llm\",\"softDeadlineMs\":2500,\"dependsOn\":[${deps%,}],\"payload\":{\"op\":\"sleep\",\"ms\":400}}]}"
}
for i in $(seq 1 90); do
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "$(dag $i)" http://127.0.0.1:18080/api/v1/dags
  sleep 0.5
done
sleep 5
curl -s http://127.0.0.1:18080/api/v1/capacity > /tmp/weft-run/capacity.json
deploy/bin/weft report --url http://127.0.0.1:18080 --window 1m --out /tmp/weft-run/report > /tmp/weft-run/report.log 2>&1
echo "report exit $?"
kill $EXEC; kill $NODE; wait

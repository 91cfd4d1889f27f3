#!/usr/bin/env python3
"""The linkage API end to end on a running `pvf serve`: an agreement, one dataset uploaded as
text/csv (sealed and stored), a deduplication run as a job followed to the end, one pair
explained. Prints JSON {upload_s, run_s, explain_s, records, candidate_pairs, predicted_pairs}.

  server_run.py BASE_URL USERNAME PASSWORD PEOPLE.csv

PEOPLE.csv is `pvf generate people` output; its `cluster` column (the truth) is not uploaded."""
import csv, io, json, sys, time, urllib.request
from http.cookiejar import CookieJar

base, user, password, path = sys.argv[1:5]
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
csrf = None


def call(method, url, body=None, content_type="application/json"):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(base + "/api/v1" + url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    if csrf and method != "GET":
        req.add_header("X-CSRF-Token", csrf)
    with opener.open(req) as r:
        return json.loads(r.read() or b"null")


csrf = call("POST", "/session", {"username": user, "password": password})["csrf_token"]
me = call("GET", "/session")["user"]["id"]
rows = list(csv.reader(open(path, newline="")))
header = rows[0]
keep = [i for i, c in enumerate(header) if c != "cluster"]
out = io.StringIO()
w = csv.writer(out, lineterminator="\n")
for r in rows:
    w.writerow([r[i] for i in keep])
fields = [header[i] for i in keep]
agreement = call("POST", "/sharing-agreements", {
    "title": "Benchmark", "purpose": "benchmark", "lawful_basis": "synthetic data",
    "parties": ["Generator"], "fields": fields, "retain_until": "2099-12-31", "member_ids": [me]})
t0 = time.time()
dataset = call("POST", f"/sharing-agreements/{agreement['id']}/datasets?name=people.csv&party=Generator",
               out.getvalue().encode(), "text/csv")
t1 = time.time()
job = call("POST", "/linkage-runs", {"dataset_ids": [dataset["id"]], "settings": None})
while job["status"] not in ("succeeded", "failed", "cancelled"):
    time.sleep(0.2)
    job = call("GET", f"/jobs/{job['id']}")
t2 = time.time()
if job["status"] != "succeeded":
    sys.exit(f"the run {job['status']}: {job.get('error')}")
run = call("GET", f"/linkage-runs/{job['result']['linkage_run_id']}")
pair = call("GET", f"/linkage-runs/{run['id']}/pairs?limit=1")["items"][0]
t3 = time.time()
call("POST", f"/linkage-runs/{run['id']}/explain", {"left": pair["left"], "right": pair["right"]})
t4 = time.time()
print(json.dumps({"upload_s": t1 - t0, "run_s": t2 - t1, "explain_s": t4 - t3,
                  "records": run["records"], "candidate_pairs": run["candidate_pairs"],
                  "predicted_pairs": run["predicted_pairs"]}))

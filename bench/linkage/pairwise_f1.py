#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of `pvf link` predictions against the true clusters of
`pvf generate people` output (its `cluster` column). Prints one RESULT line.
    pairwise_f1.py PEOPLE.csv PREDICTIONS.csv"""
import collections
import csv
import sys

people, predictions = sys.argv[1], sys.argv[2]
cluster = {}
with open(people, newline='') as f:
    for row in csv.DictReader(f):
        cluster[row['unique_id']] = row['cluster']
sizes = collections.Counter(cluster.values())
true_pairs = sum(n * (n - 1) // 2 for n in sizes.values())
predicted = correct = 0
with open(predictions, newline='') as f:
    for row in csv.DictReader(f):
        predicted += 1
        correct += cluster[row['unique_id_l']] == cluster[row['unique_id_r']]
precision = correct / predicted if predicted else 0.0
recall = correct / true_pairs if true_pairs else 0.0
f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
print(f"RESULT true_pairs={true_pairs} predicted={predicted} correct={correct} "
      f"precision={precision:.4f} recall={recall:.4f} f1={f1:.4f}")

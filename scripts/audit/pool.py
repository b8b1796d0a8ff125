"""Pool the outputs of score.sh (files) into one set of figures. usage: pool.py FILE..."""
import re, sys
tp = fp = fn = 0; fields = {}; core = [0, 0]; docs = {}; lenient = 0
for path in sys.argv[1:]:
    t = open(path).read()
    m = re.search(r"\(tp (\d+), fp (\d+), fn (\d+)\)", t); tp += int(m[1]); fp += int(m[2]); fn += int(m[3])
    for name, a, b in re.findall(r"^\s+(\w+)\s+[\d.]+\s+\((\d+)/(\d+)\)", t, re.M):
        f = fields.setdefault(name, [0, 0]); f[0] += int(a); f[1] += int(b)
    m = re.search(r"core-fact.*\((\d+)/(\d+)\)", t); core[0] += int(m[1]); core[1] += int(m[2])
    m = re.search(r"^docs (\d+) (.*?)(?: \(title (\d+) accepting.*)?$", t, re.M)
    docs["n"] = docs.get("n", 0) + int(m[1])
    for k, v in re.findall(r"(\w+) (\d+)", m[2]): docs[k] = docs.get(k, 0) + int(v)
    lenient += int(m[3]) if m[3] else 0
p = tp / (tp + fp); r = tp / (tp + fn)
print(f"pooled over {len(sys.argv) - 1} sets: P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f} (tp {tp}, fp {fp}, fn {fn})")
print("  " + ", ".join(f"{k} {a / b:.3f}" for k, (a, b) in fields.items()))
print(f"  core {core[0]}/{core[1]} = {core[0] / max(core[1], 1):.3f}")
print("  docs " + ", ".join(f"{k} {v}" for k, v in docs.items()) + f" (title {lenient} accepting attached titles)")

#!/usr/bin/env python3
"""Runs examples/seed_notebook and compares what it prints with the seed notebook's own printout
and with the independent NumPy rerun (tests/fixtures/seed_numpy.txt).

usage: compare_seed_output.py [--perturb] <seed_notebook executable> <seed_notebook_output.txt> <seed_numpy.txt>

--perturb changes the program's first "Error:" by 1e-10 relative before comparing: the comparison
must then fail (CTest runs it so, with WILL_FAIL), which shows the check can fail.

- Every line the notebook printed must appear in the same order in the program's output, the same
  text, except full-precision numbers ("Error:", "Loss:"), which must agree within 1e-12 relative
  (NumPy's BLAS sums 4-term dot products in another order, so the last bits may differ). The
  notebook's last cell-1 line is cut mid-number: it must be a prefix of the program's line.
- Every iteration's Error (cell 1) and every printed loss (cell 2) must agree with the NumPy rerun
  within 1e-12 relative.
Standard library only.
"""
import subprocess
import sys

TOL = 1e-12


def close(a, b):
    return abs(a - b) <= TOL * max(abs(a), abs(b))


def number_after(line, key):
    return float(line.split(key, 1)[1])


def sections(lines):
    out, cur = {}, None
    for line in lines:
        if line.startswith('#'):
            continue
        if line in ('[cell1]', '[cell2]'):
            cur = out.setdefault(line, [])
            continue
        if cur is not None and line.strip():
            cur.append(line)
    return out


def main():
    args = sys.argv[1:]
    perturb = args[:1] == ['--perturb']
    exe, notebook_path, fixture_path = args[1:4] if perturb else args[0:3]
    run = subprocess.run([exe], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        print(f'{exe} exited with {run.returncode}')
        return 1
    ours = [l for l in run.stdout.splitlines() if l.strip() and not l.startswith('#')]
    if perturb:
        k = next(i for i, l in enumerate(ours) if l.startswith('Error:'))
        ours[k] = 'Error:' + repr(number_after(ours[k], 'Error:') * (1 + 1e-10))
    with open(notebook_path, encoding='utf-8') as f:
        nb = sections(f.read().splitlines())
    failures = []
    checked = 0

    # Walk the notebook's lines through ours, in order.
    pos = 0
    for part in ('[cell1]', '[cell2]'):
        expected = nb[part]
        for k, line in enumerate(expected):
            truncated = part == '[cell1]' and k == len(expected) - 1
            while pos < len(ours):
                got = ours[pos]
                pos += 1
                for key in ('Error:', 'Loss: '):
                    if key in line and key in got and line.split(key)[0] == got.split(key)[0]:
                        if close(number_after(line, key), number_after(got, key)):
                            break
                        failures.append(f'notebook {line!r} vs ours {got!r}: differ by more than {TOL} relative')
                        break
                else:
                    if got == line or (truncated and got.startswith(line)):
                        break
                    continue
                break
            else:
                failures.append(f'notebook line not found in order: {line!r}')
                break
            checked += 1

    # Against the NumPy rerun: every iteration's Error and every printed loss.
    ref_err, ref_loss = {}, {}
    with open(fixture_path, encoding='utf-8') as f:
        for rec in f:
            t = rec.split()
            if t[:2] == ['cell1', 'iter'] and len(t) == 5 and t[3] == 'error':
                ref_err[int(t[2])] = float(t[4])
            if t[:2] == ['cell2', 'epoch'] and len(t) == 5 and t[3] == 'loss':
                ref_loss[int(t[2])] = float(t[4])
    errors = [number_after(l, 'Error:') for l in ours if l.startswith('Error:')]
    losses = {int(l.split()[1].rstrip(',')): number_after(l, 'Loss: ') for l in ours if l.startswith('Epoch ')}
    if len(errors) != 10 or len(ref_err) != 10:
        failures.append(f'expected 10 Error lines and 10 reference errors, got {len(errors)} and {len(ref_err)}')
    for i, e in enumerate(errors):
        checked += 1
        if i not in ref_err or not close(e, ref_err[i]):
            failures.append(f'iteration {i}: Error {e!r} vs NumPy rerun {ref_err.get(i)!r}')
    if sorted(losses) != sorted(ref_loss):
        failures.append(f'printed epochs {sorted(losses)} vs rerun {sorted(ref_loss)}')
    for ep, v in losses.items():
        checked += 1
        if ep in ref_loss and not close(v, ref_loss[ep]):
            failures.append(f'epoch {ep}: loss {v!r} vs NumPy rerun {ref_loss[ep]!r}')

    for msg in failures:
        print('FAIL:', msg)
    print(f'{checked - len(failures)} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())

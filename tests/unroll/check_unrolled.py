#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Checks that tiny networks' forward and backward passes compile to straight-line code.

    check_unrolled.py OBJDUMP OBJECT [-- COMPILER ARGS...]

OBJECT is tests/unroll/tiny_nets.cpp compiled for x86-64 (by the command after `--`, if given,
which must write OBJECT). Every function named predict_* or
step_*, and every function of the object it calls (directly or not: ctmlp's member functions that
the compiler kept out of line), must contain no loop (a cycle in its control-flow graph; a jump
back to an earlier address that closes none, as compilers emit for out-of-line blocks, is not one);
the control functions (*_control) must reach at least one, which shows that the check can see a
loop. Calls to functions outside the object (expf, tanh,
...) are allowed. Prints each function's verdict and the offending jumps; exits 1 on a failure.
"""
import re
import subprocess
import sys

JUMP = re.compile(r"^\s*([0-9a-f]+):\s+(j[a-z]+|loop[a-z]*)\s+([0-9a-f]+)\b")
FUNC = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
# A relocation of a call or jump target, printed by objdump -r under the instruction: a symbol, or
# a section plus an offset (a function with internal linkage, e.g. in an anonymous namespace).
RELOC = re.compile(r"^\s*[0-9a-f]+:\s+R_X86_64_(?:PLT32|PC32)\s+([^\s+-]+)(?:([+-])0x([0-9a-f]+))?")
SECTION = re.compile(r"^Disassembly of section (\S+):$")


def functions(objdump, obj):
    """{name: (instruction lines, names of the functions it calls or jumps to)}"""
    text = subprocess.run([objdump, "-dr", "--no-show-raw-insn", obj], check=True, capture_output=True,
                          text=True).stdout
    funcs, starts, name, section, last_is_transfer = {}, {}, None, None, False
    pending = []  # (caller, section, offset) for section-relative targets
    for line in text.splitlines():
        m = SECTION.match(line)
        if m:
            section, name = m.group(1), None
            continue
        m = FUNC.match(line)
        if m:
            name = m.group(2)
            funcs[name] = ([], set())
            starts.setdefault(section, []).append((int(m.group(1), 16), name))
            continue
        if name is None or not line.strip():
            continue
        r = RELOC.match(line)
        if r:
            if last_is_transfer:
                if r.group(1) in starts or r.group(1).startswith("."):
                    addend = int(r.group(3) or "0", 16) * (-1 if r.group(2) == "-" else 1)
                    pending.append((name, r.group(1), addend + 4))  # PC-relative: the field is 4 bytes before the next insn
                else:
                    funcs[name][1].add(r.group(1))
            continue
        funcs[name][0].append(line)
        last_is_transfer = bool(re.search(r"\s(call|jmp)\s", line))
        direct = re.search(r"\s(?:call|jmp)\s+[0-9a-f]+ <([^>+]+)>", line)
        if direct:  # resolved by the assembler: a function of the same section
            funcs[name][1].add(direct.group(1))
    for caller, sec, offset in pending:
        inside = [f for start, f in sorted(starts.get(sec, [])) if start <= offset]
        if inside:
            funcs[caller][1].add(inside[-1])
    return funcs


def reachable(funcs, root):
    seen, todo = set(), [root]
    while todo:
        f = todo.pop()
        if f in seen or f not in funcs:
            continue
        seen.add(f)
        todo.extend(funcs[f][1])
    return sorted(seen)


INSN = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)(?:\s+([0-9a-f]+)\b)?")


def loop_edges(lines):
    """The back edges of the function's control-flow graph: jumps that close a cycle (a loop).

    Nodes are instructions; an instruction flows to the next one unless it is an unconditional
    jump or a return, and a jump also to its target. A jump to an earlier address is not a loop by
    itself (compilers move rarely taken blocks after the return and jump back from them): only an
    edge that closes a cycle is one."""
    insns = []
    for line in lines:
        m = INSN.match(line)
        if m:
            insns.append((int(m.group(1), 16), m.group(2), m.group(3), line.strip()))
    index = {addr: k for k, (addr, _, _, _) in enumerate(insns)}
    succ = []
    for k, (addr, op, target, _) in enumerate(insns):
        out = []
        if op.startswith(("j", "loop")) and target is not None and int(target, 16) in index:
            out.append(index[int(target, 16)])
        if not (op.startswith(("jmp", "ret", "ud2")) or op == "hlt") and k + 1 < len(insns):
            out.append(k + 1)
        succ.append(out)
    # Iterative depth-first search: an edge to a node on the current path closes a cycle.
    colour = [0] * len(insns)  # 0 new, 1 on the path, 2 done
    back = []
    for root in range(len(insns)):
        if colour[root]:
            continue
        stack = [(root, iter(succ[root]))]
        colour[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = 2
                stack.pop()
            elif colour[nxt] == 1:
                back.append(insns[node][3])
            elif colour[nxt] == 0:
                colour[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
    return back


def main(objdump, obj):
    funcs = functions(objdump, obj)
    roots = sorted(n for n in funcs if n.startswith(("predict_", "step_")))
    if not roots:
        print("no predict_/step_ functions found")
        return 1
    failures = 0
    for name in roots:
        code = reachable(funcs, name)
        jumps = [f"{f}: {j}" for f in code for j in loop_edges(funcs[f][0])]
        instructions = sum(len(funcs[f][0]) for f in code)
        if name.endswith("_control"):
            ok = bool(jumps)
            verdict = f"{len(jumps)} loop(s), as it must" if ok else "NO loop: the check sees nothing"
        else:
            ok = not jumps
            verdict = "no loop" if ok else f"{len(jumps)} loop(s), closed by"
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {instructions} instructions in {len(code)} function(s), {verdict}")
        if not ok:
            failures += 1
            for j in jumps:
                print(f"       {j}")
    return 1 if failures else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    compile_command = []
    if "--" in args:
        compile_command = args[args.index("--") + 1:]
        args = args[:args.index("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    if compile_command:
        print(" ".join(compile_command), flush=True)
        if subprocess.run(compile_command).returncode != 0:
            sys.exit("compilation failed")
    sys.exit(main(args[0], args[1]))

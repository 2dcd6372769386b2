#!/usr/bin/env python3
"""Checks that the README's example program is examples/readme_xor.cpp, character for character
(that file is compiled and run by the `demo` tests, so the README shows a program that works).

usage: readme_example.py README.md examples/readme_xor.cpp
"""
import sys


def main():
    readme, source = sys.argv[1:3]
    with open(readme, encoding='utf-8') as f:
        text = f.read()
    start = text.index('```cpp\n', text.index('XOR, learned by the compiler')) + len('```cpp\n')
    block = text[start:text.index('```', start)]
    with open(source, encoding='utf-8') as f:
        code = ''.join(l for l in f if not l.startswith('// '))  # the file's leading comment
    if block.strip() != code.strip():
        print(f'the example in {readme} differs from {source}')
        return 1
    print('1 passed, 0 failed')
    return 0


if __name__ == '__main__':
    sys.exit(main())

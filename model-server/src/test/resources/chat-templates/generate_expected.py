#!/usr/bin/env python3
"""Renders the chat templates of this folder with Python Jinja2 set up exactly as Hugging Face
transformers' apply_chat_template sets it up (ImmutableSandboxedEnvironment, trim_blocks,
lstrip_blocks, loopcontrols, its tojson, raise_exception and strftime_now), and writes
expected.json: every case with its inputs and the rendered text (or the raised message).

Run from this folder: python3 generate_expected.py  (needs only jinja2)."""
import json
from datetime import datetime

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

NOW = datetime(2025, 3, 7, 9, 30, 0)  # the clock the Java test gives strftime_now


class Raised(Exception):
    pass


def raise_exception(message):
    raise Raised(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                      sort_keys=sort_keys)


def strftime_now(fmt):
    return NOW.strftime(fmt)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = strftime_now

LLAMA = {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"}
QWEN = {"bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"}

SYS = {"role": "system", "content": "  You answer with a number only.\n"}
USER = {"role": "user", "content": "What is 48 + 24? {{ 6 * 7 }} {% if true %}x{% endif %}"}
USER2 = {"role": "user", "content": "  And 3€ × 4? 计算 \"quoted\" \\ back\tslash\n"}
ASSISTANT = {"role": "assistant", "content": "72"}
THINKING = {"role": "assistant", "content": "<think>\nadd the tens\n</think>\n\n72"}
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Weather for a city, in °C",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"},
                                                    "days": {"type": "integer", "default": 1}},
                   "required": ["city"]}}}
CALL = {"role": "assistant", "content": "", "tool_calls": [
    {"type": "function", "function": {"name": "get_weather",
                                      "arguments": {"city": "Zürich", "days": 2, "scale": 1.5e-05}}}]}
TOOL = {"role": "tool", "content": "{\"temp\": 21.5}"}

CASES = [
    # name, template, tokens, messages, add_generation_prompt, variables
    ("llama3 user", "llama3.jinja", LLAMA, [USER], True, {}),
    ("llama3 system user", "llama3.jinja", LLAMA, [SYS, USER], True, {}),
    ("llama3 history", "llama3.jinja", LLAMA, [SYS, USER, ASSISTANT, USER2], False, {}),
    ("llama31 user", "llama31.jinja", LLAMA, [USER], True, {}),
    ("llama31 system user", "llama31.jinja", LLAMA, [SYS, USER], True, {}),
    ("llama31 history date", "llama31.jinja", LLAMA, [SYS, USER, ASSISTANT, USER2], True,
     {"date_string": "01 Jan 2026"}),
    ("llama31 tools in user message", "llama31.jinja", LLAMA, [SYS, USER, CALL, TOOL], True,
     {"tools": [WEATHER]}),
    ("llama31 tools in system", "llama31.jinja", LLAMA, [USER], True,
     {"tools": [WEATHER], "tools_in_user_message": False}),
    ("llama31 builtin tools", "llama31.jinja", LLAMA, [USER], True,
     {"builtin_tools": ["brave_search", "code_interpreter", "wolfram_alpha"]}),
    ("llama31 raises", "llama31.jinja", LLAMA, [SYS], True, {"tools": [WEATHER]}),
    ("llama32 strftime_now", "llama32.jinja", LLAMA, [SYS, USER], True, {}),
    ("qwen2 user", "qwen2.jinja", QWEN, [USER], True, {}),
    ("qwen2 system history", "qwen2.jinja", QWEN, [SYS, USER, ASSISTANT, USER2], True, {}),
    ("qwen25 user", "qwen25.jinja", QWEN, [USER], True, {}),
    ("qwen25 system history", "qwen25.jinja", QWEN, [SYS, USER, ASSISTANT, USER2], False, {}),
    ("qwen25 tools", "qwen25.jinja", QWEN, [SYS, USER, CALL, TOOL, TOOL], True, {"tools": [WEATHER]}),
    ("qwen3 user", "qwen3", QWEN, [USER], True, {}),
    ("qwen3 no thinking", "qwen3", QWEN, [SYS, USER], True, {"enable_thinking": False}),
    ("qwen3 thinking history", "qwen3", QWEN, [USER, THINKING, USER2, THINKING], False, {}),
    ("qwen3 reasoning_content", "qwen3", QWEN,
     [USER, {"role": "assistant", "content": "72", "reasoning_content": "48+24"}], False, {}),
    ("qwen3 tools", "qwen3", QWEN, [SYS, USER, CALL, TOOL, TOOL], True, {"tools": [WEATHER]}),
]


# Python-isms one at a time: each snippet is a template of its own, rendered with messages=[USER].
SNIPPETS = [
    "{{ messages[::-1]|map(attribute='role')|join(',') }}",
    "{{ [1, 2, 3, 4, 5][::-1] }}|{{ [1, 2, 3, 4, 5][1::2] }}|{{ [1, 2, 3, 4, 5][-2::-2] }}|{{ [1, 2, 3, 4, 5][3:0:-1] }}",
    "{{ 'abcdef'[::-1] }}|{{ 'abcdef'[::2] }}|{{ 'abcdef'[1:4] }}|{{ 'abcdef'[-2:] }}",
    "{% for m in ([1, 2, 3][::-1]) %}{{ loop.index0 }}{{ m }}{% endfor %}",
    "{{ not [1]|length == 1 }}|{{ not 1 == 2 and true }}|{{ not false or false }}|{{ not x is defined }}",
    "{{ 1 if not 'a' in 'abc' else 2 }}|{{ 'b' not in 'abc' }}",
    "{% set ns = namespace(i=messages|length - 1, s='a' + 'b', t=1 if x is defined else 2) %}{{ ns.i }}{{ ns.s }}{{ ns.t }}",
    "{% set ns = namespace(found=false) %}{% for m in messages %}{% set ns.found = true %}{% endfor %}{{ ns.found }}",
    "{{ '  a b\t c \n'.split() }}|{{ 'a,b,,c'.split(',') }}|{{ 'a.b.c'.split('.', 1) }}|{{ ''.split() }}",
    "{{ '\n\n x \n'.strip() }}|{{ 'xxhixx'.strip('x') }}|{{ '\n\nhi'.lstrip('\n') }}|{{ 'hi\n\n'.rstrip() }}|",
    "{{ 'Hello'.startswith('He') }}{{ 'Hello'.endswith('lo') }}{{ 'Hello'.startswith(('x', 'H')) }}{{ 'Hello'.startswith('lo') }}",
    "{{ 'hello world'.title() }}|{{ 'hELLO'.capitalize() }}|{{ 'a-b-c'.replace('-', '+', 1) }}|{{ 'abcabc'.count('bc') }}|{{ 'abc'.find('c') }}|{{ ', '.join(['x', 'y']) }}|{{ 'MiXed'.upper() }}{{ 'MiXed'.lower() }}",
    # Jinjava ends an expression at the first '}}', so a dict literal may not close right before it
    "{{ {'a': [1, 2.5, 'é', none, true], 'b': {} } | tojson }}|{{ [] | tojson(indent=2) }}|{{ {'k': [1, {'x': 'y'}]} | tojson(indent=2) }}",
    "{{ {'b': 1, 'a': 2} | tojson(sort_keys=true) }}|{{ [1, 2] | tojson(separators=[',', ':']) }}|{{ 'é\u2028\x01' | tojson(ensure_ascii=true) }}|{{ 'q\"\\\\' | tojson }}",
    "{{ 'x' is string }}{{ 1 is string }}{{ 'x' is iterable }}{{ {} is mapping }}{{ x is defined }}{{ none is none }}",
    "{% if enable_thinking is defined and enable_thinking is false %}off{% endif %}",
    "  {%- for m in messages %}\n    {{- m.role }}\n  {%- endfor %}\n  {#- note #}\n{{ '|' -}}\n   end",
    "{% for m in messages %}\n  {% if true %}\n    X{{ m.content }}\n  {% endif %}\n{% endfor %}\n",
    "{% for i in [1, 2, 3, 4] %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}",
    "{{ messages[0]['content'] | trim + '|' }}{{ '|' + '  x  ' | trim + '|' }}{{ messages|length - 1 }}",
    "{{ strftime_now('%Y-%m-%d %H:%M:%S %a %A %b %B %j %y %I%p %%') }}",
    "{{ raise_exception('nope: ' + messages[0].role) }}",
    "{{ '{{ 1 + 1 }}' }}{{ messages[0].content }}",
]


def source(name):
    if name.startswith("snippet:"):
        return name[len("snippet:"):]
    if name == "qwen3":
        with open("../hf-tiny-qwen3/tokenizer_config.json", encoding="utf-8") as f:
            return json.load(f)["chat_template"]
    with open(name, encoding="utf-8") as f:
        return f.read()


CASES += [("snippet %d" % i, "snippet:" + t, {}, [USER], False, {"x_unused": 1})
          for i, t in enumerate(SNIPPETS)]

out = []
for name, template, tokens, messages, gen, variables in CASES:
    case = {"name": name, "template": template, "tokens": tokens, "messages": messages,
            "add_generation_prompt": gen, "variables": variables}
    compiled = env.from_string(source(template))
    try:
        case["text"] = compiled.render(messages=messages, add_generation_prompt=gen,
                                       **tokens, **variables)
    except Raised as e:
        case["raises"] = str(e)
    out.append(case)

with open("expected.json", "w", encoding="utf-8") as f:
    json.dump({"about": "chat templates rendered by Python Jinja2 " + jinja2.__version__
               + " as transformers' apply_chat_template does; strftime_now at "
               + NOW.isoformat(), "cases": out}, f, ensure_ascii=False, indent=1)
    f.write("\n")

#!/usr/bin/env python3
"""Reports and fills the entries of translations/careconsole_<lang>.ts (see README.md).

  ts_tool.py report                   entries per language that are unfinished, obsolete or vanished
  ts_tool.py export LANG [--all]      unfinished entries of LANG as JSON (--all: every entry)
  ts_tool.py fill LANG FILE.json      writes the translations of FILE.json into LANG's .ts
  ts_tool.py reuse                    fills unfinished entries whose source text is already translated
                                      under another context of the same file, and lists each (check them)

The JSON is a list of {"context", "source", "comment"?, "translation"} where "translation" is a
string, or for a plural entry ("numerus": true) a list of the language's forms (en/de/es/fr: one, other).
An entry with an empty translation is left unfinished. Only the standard library is used.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
LANGUAGES = ["de", "es", "fr", "en"]  # en: plural forms only


def ts_path(lang):
    return os.path.join(HERE, "careconsole_%s.ts" % lang)


def messages(tree):
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


def key(context, message):
    return (context, message.findtext("source") or "", message.findtext("comment") or "")


def entry(context, message):
    tr = message.find("translation")
    numerus = message.get("numerus") == "yes"
    e = {"context": context, "source": message.findtext("source") or ""}
    if message.findtext("comment"):
        e["comment"] = message.findtext("comment")
    if numerus:
        e["numerus"] = True
        e["translation"] = [f.text or "" for f in tr.iter("numerusform")]
    else:
        e["translation"] = tr.text or ""
    return e


def report():
    pending = 0
    for lang in LANGUAGES:
        tree = ET.parse(ts_path(lang))
        for context, message in messages(tree):
            kind = message.find("translation").get("type")
            if kind:
                pending += 1
                print("%s\t%s\t[%s] %s" % (lang, kind, context, message.findtext("source")))
    print("%d entr%s to translate or remove." % (pending, "y" if pending == 1 else "ies"), file=sys.stderr)
    return 1 if pending else 0


def export(lang, everything):
    tree = ET.parse(ts_path(lang))
    out = [entry(c, m) for c, m in messages(tree)
           if everything or m.find("translation").get("type") == "unfinished"]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def write(tree, path):
    # The layout lupdate writes (two-space indent is lupdate's; it re-indents on its next run anyway).
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")


def fill(lang, path):
    with open(path, encoding="utf-8") as f:
        wanted = {(e["context"], e["source"], e.get("comment", "")): e["translation"] for e in json.load(f)}
    tree = ET.parse(ts_path(lang))
    filled = 0
    for context, message in messages(tree):
        text = wanted.get(key(context, message))
        if not text:
            continue
        tr = message.find("translation")
        if message.get("numerus") == "yes":
            if not all(text):
                continue
            for form in list(tr):
                tr.remove(form)
            for form in text:
                ET.SubElement(tr, "numerusform").text = form
        else:
            tr.text = text
        tr.attrib.pop("type", None)
        filled += 1
    write(tree, ts_path(lang))
    print("%s: %d entries filled" % (lang, filled), file=sys.stderr)
    return 0


def reuse():
    for lang in LANGUAGES:
        tree = ET.parse(ts_path(lang))
        memory = {}
        for context, message in messages(tree):
            tr = message.find("translation")
            if not tr.get("type"):
                memory.setdefault((message.findtext("source"), message.get("numerus")), tr)
        filled = 0
        for context, message in messages(tree):
            tr = message.find("translation")
            known = memory.get((message.findtext("source"), message.get("numerus")))
            if tr.get("type") != "unfinished" or known is None:
                continue
            tr.text = known.text
            for form in list(tr):
                tr.remove(form)
            for form in known:
                ET.SubElement(tr, "numerusform").text = form.text
            tr.attrib.pop("type", None)
            filled += 1
            print("%s\treused\t[%s] %s" % (lang, context, message.findtext("source")))
        if filled:
            write(tree, ts_path(lang))
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "report":
        return report()
    if len(argv) >= 3 and argv[1] == "export" and argv[2] in LANGUAGES:
        return export(argv[2], "--all" in argv)
    if len(argv) == 2 and argv[1] == "reuse":
        return reuse()
    if len(argv) == 4 and argv[1] == "fill" and argv[2] in LANGUAGES:
        return fill(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

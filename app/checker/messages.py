"""Every beginner-facing sentence the checker's core says, in one place, per language.

Each code has a one-line ``message``, a plain-words ``explanation`` and, where there is one, a
``hint`` on how to fix it. They are ``str.format`` templates; the caller passes the fields. A
translator edits only this file. "en" is complete; any entry missing from another language falls
back to English.
"""

from __future__ import annotations

import reprlib
from dataclasses import replace
from typing import Any

from kubelearn.checker.findings import Finding, Severity
from kubelearn.safe_text import visible

Entry = dict[str, str]

EN: dict[str, Entry] = {
    # --- reading the text -------------------------------------------------------------------
    "too-large": {
        "message": "The text is {size} bytes; the checker reads at most {limit} bytes.",
        "explanation": "Kubernetes manifests are small. Text this large is probably not one.",
        "hint": "Split the file, or check only the part you are working on.",
    },
    "invalid-utf8": {
        "message": "The text is not valid UTF-8 ({what}).",
        "explanation": "Kubernetes reads YAML as UTF-8 text. This byte cannot start or continue "
        "a UTF-8 character, so the file was probably saved in another encoding.",
        "hint": "Save the file as UTF-8 in your editor.",
    },
    "nul-byte": {
        "message": "The text contains a NUL character (byte 0).",
        "explanation": "YAML does not allow NUL or other control characters. They usually come "
        "from copying binary data or from a file saved as UTF-16.",
        "hint": "Delete the invisible character, or save the file as UTF-8.",
    },
    "control-char": {
        "message": "The text contains a control character that YAML does not allow.",
        "explanation": "Only printable characters, tabs and line breaks may appear in YAML.",
        "hint": "Delete the invisible character at this position.",
    },
    # --- YAML syntax ------------------------------------------------------------------------
    "yaml-syntax": {
        "message": "This is not valid YAML: {problem}.",
        "explanation": "The YAML reader stopped here because the text does not follow YAML's "
        "rules, so Kubernetes could not read this document at all.",
        "hint": "Look at this line and the one above it: indentation, colons, quotes and "
        "brackets are the usual suspects.",
    },
    "tab-indent": {
        "message": "A tab character is used for indentation.",
        "explanation": "YAML forbids tabs in indentation: only spaces may indent a line. Many "
        "editors insert a tab when you press the Tab key, and it looks just like spaces.",
        "hint": "Replace the tab with spaces (two per level is the Kubernetes habit).",
    },
    "bad-indent": {
        "message": "The indentation does not match the lines around it.",
        "explanation": "In YAML the indentation says what belongs to what. Keys of the same "
        "mapping must start in the same column; this line starts in a column that fits no "
        "open mapping or list.",
        "hint": "Line this key up with its siblings (the keys of the same object), using spaces.",
    },
    "nested-mapping": {
        "message": "A key sits inside a value: YAML found a second ': ' where a value should be.",
        "explanation": "Either this line is indented deeper than the key it belongs with, or a "
        "value contains ': ' and must be quoted.",
        "hint": 'Align the key with its siblings, or put the whole value in quotes: "a: b".',
    },
    "missing-colon": {
        "message": "A key has no colon after it.",
        "explanation": "Each line in a mapping is `key: value`, with a colon right after the "
        "key. Without it YAML cannot tell the key from the value.",
        "hint": "Write a colon and a space after the key, e.g. `image: nginx`.",
    },
    "missing-space": {
        "message": "There is no space after the colon in `{text}`.",
        "explanation": "YAML only sees a key when the colon is followed by a space (or the end "
        "of the line). `name:web` is read as one piece of text, not as the key `name`.",
        "hint": "Add a space after the colon: `{fixed}`.",
    },
    "unclosed-quote": {
        "message": "A quoted text starts here and is never closed.",
        "explanation": "Text that starts with a quote runs until the matching quote, across "
        "lines if needed. The matching quote was never found, so the rest of the file was "
        "swallowed into this text.",
        "hint": "Add the closing quote at the end of the value.",
    },
    "unclosed-bracket": {
        "message": "A bracket opens here and is not closed properly.",
        "explanation": "A list in `[ ]` or an object in `{{ }}` must list its items separated "
        "by commas and end with the matching bracket.",
        "hint": "Check the commas and add the closing bracket.",
    },
    "duplicate-key-changed": {
        "message": "The key `{text}` is read as `{key}`, and `{key}` is already a key on line "
        "{first}.",
        "explanation": "Kubernetes reads YAML by the old YAML 1.1 rules, also for keys: unquoted "
        "yes, no, on, off, y and n are booleans and digits are numbers, then turned into text. "
        "A mapping may have each key once, so Kubernetes rejects the object.",
        "hint": 'Put the keys in quotes: `"{text}": ...`.',
    },
    "duplicate-key": {
        "message": "The key `{key}` appears twice: on line {first} and on line {second}.",
        "explanation": "A mapping may have each key once. Kubernetes rejects the object when a "
        "field is repeated (some tools silently keep only the last one, losing the first).",
        "hint": "Keep one `{key}` and merge what you meant into it.",
    },
    "unknown-tag": {
        "message": "The tag `{tag}` is not allowed.",
        "explanation": "Tags starting with `!` ask the YAML reader to build special objects. "
        "Kubernetes only understands plain data (text, numbers, true/false, lists and "
        "mappings), and the checker never builds objects from tags.",
        "hint": "Remove the tag; quote the value if it should be text.",
    },
    "bad-tagged-value": {
        "message": "The value `{text}` is not a valid {tag}.",
        "explanation": "The tag asks for a particular type, but the value does not have it.",
        "hint": "Remove the tag, or fix the value.",
    },
    "unknown-alias": {
        "message": "The alias `*{name}` refers to no anchor `&{name}` above it.",
        "explanation": "An alias repeats a value marked earlier with an anchor. The anchor "
        "must come first, in the same document.",
        "hint": "Define `&{name}` before this line, or write the value out.",
    },
    "complex-key": {
        "message": "A key must be a simple value, not a list or mapping.",
        "explanation": "Kubernetes field names and label keys are text.",
        "hint": "Use a plain text key.",
    },
    "null-key": {
        "message": "A key is empty.",
        "explanation": "A mapping entry needs a name before its colon; Kubernetes cannot read "
        "an empty key.",
        "hint": "Write the field name before the colon.",
    },
    "too-many-aliases": {
        "message": "Aliases here would expand to more than {limit} values.",
        "explanation": "Aliases can repeat a value that itself repeats values, growing "
        'exponentially (the "billion laughs" attack). The checker stops reading instead.',
        "hint": "Write the values out, or use far fewer nested aliases.",
    },
    "too-deep": {
        "message": "The text nests deeper than {limit} levels.",
        "explanation": "Real manifests nest a dozen levels or so. The checker stops here to "
        "stay safe.",
        "hint": "Check for unbalanced brackets or an indentation mistake.",
    },
    "not-an-object": {
        "message": "This document is {given}, not a Kubernetes object.",
        "explanation": "Every Kubernetes manifest is a mapping with `apiVersion`, `kind`, "
        "`metadata` and usually `spec`.",
        "hint": "Start the document with `apiVersion:` and `kind:` lines.",
    },
    "not-an-object-item": {
        "message": "This item of the List is {given}, not a Kubernetes object.",
        "explanation": "A `kind: List` holds whole objects under `items`, each a mapping with "
        "`apiVersion`, `kind`, `metadata` and usually `spec`.",
        "hint": "Start the item with `- apiVersion:` and indent `kind:` under it.",
    },
    # --- kinds and API versions -------------------------------------------------------------
    "missing-api-version": {
        "message": "This object has no `apiVersion`.",
        "explanation": "Every Kubernetes object says which API it belongs to in `apiVersion`; "
        "without it Kubernetes cannot tell how to read the rest.",
        "hint": "Add `apiVersion: {expected}` at the top of the object.",
    },
    "missing-api-version-unknown": {
        "message": "This object has no `apiVersion`.",
        "explanation": "Every Kubernetes object says which API it belongs to in `apiVersion`; "
        "without it Kubernetes cannot tell how to read the rest.",
        "hint": "Add an `apiVersion:` line, e.g. `apiVersion: v1` for a Pod.",
    },
    "missing-kind": {
        "message": "This object has no `kind`.",
        "explanation": "`kind` says what the object is (Pod, Deployment, Service...). "
        "Kubernetes needs it to know which fields are allowed.",
        "hint": "Add a `kind:` line, e.g. `kind: Pod`.",
    },
    "unknown-kind": {
        "message": "Kubernetes has no kind `{kind}`.{suggestion}",
        "explanation": "`kind` must name a type of object Kubernetes knows, spelled exactly "
        "(kinds are CamelCase and case-sensitive).",
        "hint": "{hint}",
    },
    "wrong-api-version": {
        "message": "{kind} is not in `{api_version}`: {kind} lives in {expected}.",
        "explanation": "Each kind belongs to one API group and version. `apiVersion` must "
        "name one of them, or Kubernetes reports that it has no such kind.",
        "hint": "Write `apiVersion: {first}`.",
    },
    "not-checked": {
        "message": "kubelearn does not know the fields of {kind} ({api_version}), so it did "
        "not check them.",
        "explanation": "The checker carries the schemas of the kinds the course teaches and "
        "of common built-in kinds. Other kinds, such as custom resources, are not checked.",
        "hint": "",
    },
    # --- the schema ---------------------------------------------------------------------------
    "unknown-field": {
        "message": "`{field}` is not a field of {parent}.{suggestion}",
        "explanation": "Kubernetes rejects fields it does not know. A misspelt field, or one "
        "placed at the wrong indentation, would otherwise be silently ignored.",
        "hint": "{hint}",
    },
    "missing-field": {
        "message": "{parent} needs the field `{field}`.",
        "explanation": "`{field}` is required here. What it is for: {description}",
        "hint": "Add `{field}:` under {parent}.",
    },
    "missing-field-empty": {
        "message": "`{field}` is empty, but {parent} needs it.",
        "explanation": "`{field}` is required here, and an empty value counts as missing. What "
        "it is for: {description}",
        "hint": "Write the value after `{field}:`.",
    },
    "missing-field-empty-list": {
        "message": "`{field}` is an empty list, but {parent} needs at least one item.",
        "explanation": "`{field}` is required here, and `[]` counts as missing. What it is for: "
        "{description}",
        "hint": "Replace `[]` with at least one item (a line starting with `- `).",
    },
    "missing-name": {
        "message": "`metadata` needs the field `name`.",
        "explanation": "Every object needs a name (or a `generateName` prefix that Kubernetes "
        "completes): Kubernetes finds objects by their kind, namespace and name.",
        "hint": "Add `name: my-{example}` under `metadata:` (lowercase letters, digits and `-`).",
    },
    "missing-metadata": {
        "message": "The {kind} has no `metadata`, so it has no name.",
        "explanation": "Every object needs `metadata` with a `name` (or a `generateName` "
        "prefix that Kubernetes completes): Kubernetes finds objects by their kind, namespace "
        "and name.",
        "hint": "Add `metadata:` at the top level, with `name: my-{example}` indented under it.",
    },
    "wrong-type": {
        "message": "`{field}` should be {expected}, but here it is {given}.",
        "explanation": "Each field has one type. Kubernetes cannot convert between them, so it "
        "rejects the object. What `{field}` is for: {description}",
        "hint": "{hint}",
    },
    "unsupported-value": {
        "message": "`{value}` is not a valid value for `{field}`.{suggestion}",
        "explanation": "Kubernetes accepts only these values here, spelt exactly (they are "
        "case-sensitive): {values}.",
        "hint": "Write `{field}: {first}`, or another of the values above.",
    },
    "plain-selector": {
        "message": "A {kind}'s selector is a plain map of labels, without `{field}`.",
        "explanation": "A Deployment or ReplicaSet writes `selector:` then `matchLabels:`, but a "
        "{kind} lists the labels directly under `selector:` (for example `app: web`); it has no "
        "matchLabels or matchExpressions.",
        "hint": "Delete the `{field}:` line and move its labels one level up, directly under "
        "`selector:`.",
    },
    "plain-selector-expressions": {
        "message": "A {kind}'s selector is a plain map of labels, without `{field}`.",
        "explanation": "A Deployment or ReplicaSet may use matchExpressions, but a {kind} "
        "selects Pods only by exact labels written directly under `selector:` (for example "
        "`app: web`).",
        "hint": "Replace `{field}:` with the labels the Pods must have, e.g. `app: web`.",
    },
    "unquoted-bool": {
        "message": "`{text}` is read as the boolean {value}, but `{field}` must be text.",
        "explanation": "Kubernetes reads YAML by the old YAML 1.1 rules, where yes, no, on, "
        "off, y, n, true and false (in any of their usual spellings) without quotes are "
        "booleans, not words. Kubernetes then rejects a boolean where text is required.",
        "hint": 'Put the value in quotes: `"{text}"`.',
    },
    "unquoted-key": {
        "message": "The key `{text}` is read as {what}, so it becomes the key `{key}`.",
        "explanation": "Kubernetes reads YAML by the old YAML 1.1 rules, also for keys: "
        "unquoted yes, no, on, off, y and n are booleans and digits are numbers. Kubernetes "
        "then turns such a key into text, so this entry is stored under `{key}`, not `{text}`.",
        "hint": 'Put the key in quotes: `"{text}": ...`.',
    },
    "unquoted-key-field": {
        "message": "The key `{text}` is read as {what}, so Kubernetes looks for a field `{key}`, "
        "which {parent} does not have.",
        "explanation": "Kubernetes reads YAML by the old YAML 1.1 rules, also for keys: "
        "unquoted yes, no, on, off, y and n are booleans and digits are numbers. Kubernetes "
        "then turns such a key into text, here `{key}`.",
        "hint": 'Put the key in quotes: `"{text}": ...`, or check the field name.',
    },
    "unquoted-number": {
        "message": "`{text}` is read as the number {value}, but `{field}` must be text.",
        "explanation": "Without quotes YAML reads digits as a number: `1.10` becomes 1.1, "
        "`010` becomes 8, `1e3` becomes 1000. Kubernetes then rejects a number where text is "
        "required.",
        "hint": 'Put the value in quotes: `"{text}"`.',
    },
    "unquoted-null": {
        "message": "`{field}` is empty (`{text}` means nothing in YAML), but it must be {expected}.",
        "explanation": "A key with nothing after its colon, or with `~` or `null`, has no value.",
        "hint": "Write the value after the colon, or quote it if you meant the text.",
    },
    "schema": {
        "message": "{detail}",
        "explanation": "Kubernetes' API schema does not accept this value.",
        "hint": "",
    },
    "bad-expectation": {
        "message": "The exercise's goal {number} cannot be read: {detail}",
        "explanation": "This is a mistake in the lesson, not in your YAML.",
        "hint": "Run `kubelearn lessons validate` to see every problem in the course.",
    },
    "internal-error": {
        "message": "The checker failed {where}: {detail}.",
        "explanation": "This is a bug in kubelearn, not a mistake in your YAML. The other "
        "findings are still right.",
        "hint": "Please report it with the text you checked.",
    },
    "no-objects": {
        "message": "There is no Kubernetes object in this text.",
        "explanation": "The text is empty, or holds only comments, blank lines or `---`. "
        'kubectl refuses it ("error: no objects passed to apply"): there is nothing to create.',
        "hint": "Write an object: start with `apiVersion:`, `kind:` and `metadata:` with a "
        "`name:`.",
    },
    "more-findings": {
        "message": "… and {count} more like this ({repeated}), not shown.",
        "explanation": "The same problem comes back many times; only the first few of each "
        "kind are listed, so the list stays readable.",
        "hint": "Fix the ones above (the same fix usually works for all), then check again.",
    },
    "more-findings-total": {
        "message": "… and {count} more findings, not shown.",
        "explanation": "The list stops here so that it stays readable.",
        "hint": "Fix the findings above, then check again to see the rest.",
    },
    # --- pieces used inside other messages ----------------------------------------------------
    "_stage-read": {"message": "while reading the YAML"},
    "_stage-schema": {"message": "while checking this object against the API schema"},
    "_stage-semantic": {"message": "in a meaning check of this object"},
    "_stage-expectations": {"message": "while judging the exercise's goals"},
    "_stage-check": {"message": "on this text"},
    "_did-you-mean": {"message": " Did you mean `{name}`?"},
    "_hint-rename": {"message": "Rename it to `{name}`, or remove it."},
    "_hint-remove": {
        "message": "Remove it, or check its indentation: valid fields here are {names}."
    },
    "_hint-move": {"message": "`{field}` belongs {home}: check its indentation."},
    "_home": {"message": "under `{name}:`"},
    "_home-item": {"message": "in an item (`- `) of `{name}:`"},
    "_hint-quote-colon": {
        "message": 'A value that contains ": " must be quoted, or YAML reads it as a mapping: '
        '"echo a: b".'
    },
    "_hint-kind": {"message": "Write `kind: {name}`."},
    "_hint-kind-list": {"message": "Common kinds: {names}."},
    "_hint-type": {"message": "Write {expected} here."},
    "_root": {"message": "the {kind}"},
    "_in": {"message": "`{path}`"},
    "_no-description": {"message": "(no description)"},
    "_and": {"message": " or "},
    "_type-string": {"message": "text (a string)"},
    "_type-integer": {"message": "a whole number"},
    "_type-number": {"message": "a number"},
    "_type-boolean": {"message": "true or false"},
    "_type-object": {"message": "a mapping (indented key: value lines)"},
    "_type-array": {"message": "a list (lines starting with -)"},
    "_type-null": {"message": "empty"},
    "_given-string": {"message": 'the text "{value}"'},
    "_given-bool": {"message": "the boolean {value}"},
    "_given-number": {"message": "the number {value}"},
    "_given-object": {"message": "a mapping"},
    "_given-array": {"message": "a list"},
    "_given-null": {"message": "empty (null)"},
    "_doc-list": {"message": "a list"},
    "_doc-scalar": {"message": "a single value"},
}

ZH: dict[str, Entry] = {
    "too-large": {
        "message": "文本有 {size} 字节；检查器最多读取 {limit} 字节。",
        "explanation": "Kubernetes 清单通常很小，这么大的文本多半不是清单。",
        "hint": "拆分文件，或只检查你正在编辑的部分。",
    },
    "invalid-utf8": {
        "message": "文本不是有效的 UTF-8（{what}）。",
        "explanation": "Kubernetes 以 UTF-8 读取 YAML。这个字节不属于任何 UTF-8 字符，"
        "文件可能是用其他编码保存的。",
        "hint": "在编辑器里把文件另存为 UTF-8。",
    },
    "nul-byte": {
        "message": "文本中含有 NUL 字符（字节 0）。",
        "explanation": "YAML 不允许 NUL 或其他控制字符，它们通常来自复制的二进制数据或 "
        "UTF-16 编码的文件。",
        "hint": "删除这个看不见的字符，或把文件另存为 UTF-8。",
    },
    "control-char": {
        "message": "文本中含有 YAML 不允许的控制字符。",
        "explanation": "YAML 中只能出现可打印字符、制表符和换行。",
        "hint": "删除这个位置上看不见的字符。",
    },
    "yaml-syntax": {
        "message": "这不是有效的 YAML：{problem}。",
        "explanation": "文本不符合 YAML 的规则，YAML 读取器在这里停下，"
        "Kubernetes 完全无法读取这个文档。",
        "hint": "检查这一行和上一行：缩进、冒号、引号和括号最常出错。",
    },
    "tab-indent": {
        "message": "缩进中使用了制表符（Tab）。",
        "explanation": "YAML 禁止用制表符缩进，只能用空格。很多编辑器按 Tab 键时会插入制表符，"
        "看起来和空格一模一样。",
        "hint": "把制表符换成空格（Kubernetes 习惯每层两个空格）。",
    },
    "bad-indent": {
        "message": "这一行的缩进与上下文不匹配。",
        "explanation": "在 YAML 中，缩进决定了层级关系。同一个映射的键必须从同一列开始；"
        "这一行的起始列不属于任何打开的映射或列表。",
        "hint": "用空格把这个键与同级的键对齐。",
    },
    "nested-mapping": {
        "message": "键出现在了值的位置：YAML 在应该是值的地方又发现了一个 ': '。",
        "explanation": "要么这一行比它所属的键缩进得更深，要么值里含有 ': '，需要加引号。",
        "hint": '把键与同级的键对齐，或者给整个值加上引号："a: b"。',
    },
    "missing-colon": {
        "message": "键后面缺少冒号。",
        "explanation": "映射中的每一行都是 `键: 值`，键后面紧跟冒号。没有冒号，YAML 无法区分键和值。",
        "hint": "在键后面写冒号和空格，例如 `image: nginx`。",
    },
    "missing-space": {
        "message": "`{text}` 中冒号后面缺少空格。",
        "explanation": "只有当冒号后面是空格（或行尾）时，YAML 才会把前面的部分当作键。"
        "`name:web` 会被当作一整段文本，而不是键 `name`。",
        "hint": "在冒号后加一个空格：`{fixed}`。",
    },
    "unclosed-quote": {
        "message": "这里开始的引号文本没有闭合。",
        "explanation": "以引号开头的文本会一直延续到匹配的引号，必要时跨越多行。"
        "因为找不到匹配的引号，文件的剩余部分都被当成了这段文本。",
        "hint": "在值的末尾补上闭合的引号。",
    },
    "unclosed-bracket": {
        "message": "这里打开的括号没有正确闭合。",
        "explanation": "用 `[ ]` 写的列表或用 `{{ }}` 写的对象，各项之间要用逗号分隔，并以匹配的括号结束。",
        "hint": "检查逗号，并补上闭合的括号。",
    },
    "duplicate-key-changed": {
        "message": "键 `{text}` 被读成了 `{key}`，而第 {first} 行已经有键 `{key}` 了。",
        "explanation": "Kubernetes 按旧的 YAML 1.1 规则读取 YAML，键也一样：不加引号的 yes、no、on、off、y、n "
        "是布尔值，数字是数值，随后再被转成文本。一个映射中每个键只能出现一次，所以 Kubernetes 会拒绝这个对象。",
        "hint": '给键加上引号：`"{text}": ...`。',
    },
    "duplicate-key": {
        "message": "键 `{key}` 出现了两次：第 {first} 行和第 {second} 行。",
        "explanation": "一个映射中每个键只能出现一次。字段重复时 Kubernetes 会拒绝该对象"
        "（有些工具会悄悄只保留最后一个，丢掉前一个）。",
        "hint": "只保留一个 `{key}`，把想写的内容合并进去。",
    },
    "unknown-tag": {
        "message": "不允许使用标签 `{tag}`。",
        "explanation": "以 `!` 开头的标签要求 YAML 读取器构造特殊对象。Kubernetes 只理解普通数据"
        "（文本、数字、true/false、列表和映射），检查器也从不根据标签构造对象。",
        "hint": "删除这个标签；如果它应该是文本，就给值加上引号。",
    },
    "bad-tagged-value": {
        "message": "值 `{text}` 不是有效的 {tag}。",
        "explanation": "标签要求特定的类型，但这个值不是该类型。",
        "hint": "删除标签，或修改这个值。",
    },
    "unknown-alias": {
        "message": "别名 `*{name}` 在前面找不到对应的锚点 `&{name}`。",
        "explanation": "别名用来重复前面用锚点标记过的值。锚点必须先出现，并且在同一个文档中。",
        "hint": "在这一行之前定义 `&{name}`，或者直接写出这个值。",
    },
    "complex-key": {
        "message": "键必须是简单的值，不能是列表或映射。",
        "explanation": "Kubernetes 的字段名和标签键都是文本。",
        "hint": "使用普通文本作为键。",
    },
    "null-key": {
        "message": "有一个键是空的。",
        "explanation": "映射的每一项在冒号前都需要一个名字；Kubernetes 无法读取空键。",
        "hint": "在冒号前写上字段名。",
    },
    "too-many-aliases": {
        "message": "这里的别名展开后会超过 {limit} 个值。",
        "explanation": "别名可以重复一个本身又包含别名的值，数量呈指数增长"
        "（即“十亿笑声”攻击）。检查器因此停止读取。",
        "hint": "直接写出这些值，或大幅减少嵌套的别名。",
    },
    "too-deep": {
        "message": "文本嵌套超过了 {limit} 层。",
        "explanation": "真实的清单一般只嵌套十几层。为了安全，检查器在这里停止。",
        "hint": "检查括号是否成对、缩进是否有误。",
    },
    "not-an-object": {
        "message": "这个文档是{given}，不是 Kubernetes 对象。",
        "explanation": "每个 Kubernetes 清单都是一个映射，包含 `apiVersion`、`kind`、`metadata`，"
        "通常还有 `spec`。",
        "hint": "在文档开头写上 `apiVersion:` 和 `kind:` 两行。",
    },
    "not-an-object-item": {
        "message": "List 的这一项是{given}，不是 Kubernetes 对象。",
        "explanation": "`kind: List` 在 `items` 下放的是完整的对象，每个都是带 `apiVersion`、`kind`、"
        "`metadata`（通常还有 `spec`）的映射。",
        "hint": "这一项以 `- apiVersion:` 开头，并把 `kind:` 缩进到它下面。",
    },
    "missing-api-version": {
        "message": "这个对象没有 `apiVersion`。",
        "explanation": "每个 Kubernetes 对象都要在 `apiVersion` 中说明它属于哪个 API；"
        "没有它，Kubernetes 不知道如何读取其余部分。",
        "hint": "在对象开头加上 `apiVersion: {expected}`。",
    },
    "missing-api-version-unknown": {
        "message": "这个对象没有 `apiVersion`。",
        "explanation": "每个 Kubernetes 对象都要在 `apiVersion` 中说明它属于哪个 API；"
        "没有它，Kubernetes 不知道如何读取其余部分。",
        "hint": "加上一行 `apiVersion:`，例如 Pod 用 `apiVersion: v1`。",
    },
    "missing-kind": {
        "message": "这个对象没有 `kind`。",
        "explanation": "`kind` 说明对象是什么（Pod、Deployment、Service……）。"
        "Kubernetes 需要它来判断哪些字段是允许的。",
        "hint": "加上一行 `kind:`，例如 `kind: Pod`。",
    },
    "unknown-kind": {
        "message": "Kubernetes 没有 `{kind}` 这种 kind。{suggestion}",
        "explanation": "`kind` 必须是 Kubernetes 认识的对象类型，拼写必须完全一致"
        "（kind 使用大驼峰写法，区分大小写）。",
        "hint": "{hint}",
    },
    "wrong-api-version": {
        "message": "{kind} 不在 `{api_version}` 中：{kind} 属于 {expected}。",
        "explanation": "每种 kind 属于特定的 API 组和版本。`apiVersion` 必须是其中之一，"
        "否则 Kubernetes 会报告找不到这种 kind。",
        "hint": "写成 `apiVersion: {first}`。",
    },
    "not-checked": {
        "message": "kubelearn 不了解 {kind}（{api_version}）的字段，因此没有检查它们。",
        "explanation": "检查器带有课程所教的 kind 以及常见内置 kind 的 schema。"
        "其他 kind（例如自定义资源）不做检查。",
        "hint": "",
    },
    "unknown-field": {
        "message": "`{field}` 不是 {parent} 的字段。{suggestion}",
        "explanation": "Kubernetes 会拒绝它不认识的字段。否则拼错的字段或缩进错位的字段会被悄悄忽略。",
        "hint": "{hint}",
    },
    "missing-field": {
        "message": "{parent} 缺少必填字段 `{field}`。",
        "explanation": "这里必须有 `{field}`。它的用途：{description}",
        "hint": "在 {parent} 下加上 `{field}:`。",
    },
    "missing-field-empty": {
        "message": "`{field}` 是空的，但 {parent} 需要它。",
        "explanation": "这里必须有 `{field}`，空值等于没写。它的用途：{description}",
        "hint": "在 `{field}:` 后面写上值。",
    },
    "missing-field-empty-list": {
        "message": "`{field}` 是空列表，但 {parent} 至少需要一项。",
        "explanation": "这里必须有 `{field}`，`[]` 等于没写。它的用途：{description}",
        "hint": "把 `[]` 换成至少一项（以 `- ` 开头的行）。",
    },
    "missing-name": {
        "message": "`metadata` 缺少必填字段 `name`。",
        "explanation": "每个对象都需要名称（或者由 Kubernetes 补全的 `generateName` 前缀）："
        "Kubernetes 按 kind、名字空间和名称来找到对象。",
        "hint": "在 `metadata:` 下加上 `name: my-{example}`（小写字母、数字和 `-`）。",
    },
    "missing-metadata": {
        "message": "这个 {kind} 没有 `metadata`，所以没有名称。",
        "explanation": "每个对象都需要带 `name` 的 `metadata`（或者由 Kubernetes 补全的 "
        "`generateName` 前缀）：Kubernetes 按 kind、名字空间和名称来找到对象。",
        "hint": "在最外层加上 `metadata:`，并在它下面缩进写上 `name: my-{example}`。",
    },
    "wrong-type": {
        "message": "`{field}` 应该是{expected}，但这里是{given}。",
        "explanation": "每个字段都有固定的类型，Kubernetes 不会在类型之间转换，因此会拒绝该对象。"
        "`{field}` 的用途：{description}",
        "hint": "{hint}",
    },
    "unsupported-value": {
        "message": "`{value}` 不是 `{field}` 的有效取值。{suggestion}",
        "explanation": "这里 Kubernetes 只接受以下取值，拼写必须完全一致（区分大小写）：{values}。",
        "hint": "写成 `{field}: {first}`，或上面列出的其他取值。",
    },
    "plain-selector": {
        "message": "{kind} 的选择算符是普通的标签映射，不能有 `{field}`。",
        "explanation": "Deployment 或 ReplicaSet 写的是 `selector:` 下面再写 `matchLabels:`，而 {kind} "
        "直接在 `selector:` 下列出标签（例如 `app: web`），没有 matchLabels 或 matchExpressions。",
        "hint": "删掉 `{field}:` 这一行，把它下面的标签上移一级，直接放在 `selector:` 下。",
    },
    "plain-selector-expressions": {
        "message": "{kind} 的选择算符是普通的标签映射，不能有 `{field}`。",
        "explanation": "Deployment 或 ReplicaSet 可以使用 matchExpressions，但 {kind} 只按直接写在 "
        "`selector:` 下的确切标签（例如 `app: web`）来选择 Pod。",
        "hint": "把 `{field}:` 换成 Pod 必须带有的标签，例如 `app: web`。",
    },
    "unquoted-bool": {
        "message": "`{text}` 被读成了布尔值 {value}，但 `{field}` 必须是文本。",
        "explanation": "Kubernetes 按旧的 YAML 1.1 规则读取 YAML：不加引号的 yes、no、on、off、"
        "y、n、true、false（及其常见大小写形式）都是布尔值，而不是单词。"
        "需要文本的地方出现布尔值，Kubernetes 会拒绝。",
        "hint": '给值加上引号：`"{text}"`。',
    },
    "unquoted-key": {
        "message": "键 `{text}` 被读成了{what}，于是变成了键 `{key}`。",
        "explanation": "Kubernetes 按旧的 YAML 1.1 规则读取 YAML，键也一样：不加引号的 yes、no、on、off、y、n "
        "是布尔值，数字是数值。Kubernetes 随后把这样的键转成文本，所以这一项存成了 `{key}`，而不是 `{text}`。",
        "hint": '给键加上引号：`"{text}": ...`。',
    },
    "unquoted-key-field": {
        "message": "键 `{text}` 被读成了{what}，于是 Kubernetes 要找字段 `{key}`，而 {parent} 没有这个字段。",
        "explanation": "Kubernetes 按旧的 YAML 1.1 规则读取 YAML，键也一样：不加引号的 yes、no、on、off、y、n "
        "是布尔值，数字是数值。Kubernetes 随后把这样的键转成文本，这里是 `{key}`。",
        "hint": '给键加上引号：`"{text}": ...`，或者检查字段名。',
    },
    "unquoted-number": {
        "message": "`{text}` 被读成了数字 {value}，但 `{field}` 必须是文本。",
        "explanation": "不加引号时 YAML 会把数字读成数值：`1.10` 变成 1.1，`010` 变成 8，"
        "`1e3` 变成 1000。需要文本的地方出现数字，Kubernetes 会拒绝。",
        "hint": '给值加上引号：`"{text}"`。',
    },
    "unquoted-null": {
        "message": "`{field}` 是空的（`{text}` 在 YAML 中表示没有值），但它必须是{expected}。",
        "explanation": "冒号后什么都不写，或写 `~`、`null`，都表示没有值。",
        "hint": "在冒号后写上值；如果你想要的是这段文本，就加上引号。",
    },
    "schema": {
        "message": "{detail}",
        "explanation": "Kubernetes 的 API schema 不接受这个值。",
        "hint": "",
    },
    "bad-expectation": {
        "message": "练习的第 {number} 个目标无法读取：{detail}",
        "explanation": "这是课程内容的错误，不是你的 YAML 有错。",
        "hint": "运行 `kubelearn lessons validate` 查看课程中的所有问题。",
    },
    "internal-error": {
        "message": "检查器{where}出错：{detail}。",
        "explanation": "这是 kubelearn 的缺陷，不是你的 YAML 有错。其他检查结果仍然正确。",
        "hint": "请连同所检查的文本一起报告这个问题。",
    },
    "no-objects": {
        "message": "这段文本中没有任何 Kubernetes 对象。",
        "explanation": "文本是空的，或者只有注释、空行或 `---`。kubectl 会拒绝它"
        "（\"error: no objects passed to apply\"）：没有可以创建的东西。",
        "hint": "写一个对象：从 `apiVersion:`、`kind:` 和带 `name:` 的 `metadata:` 开始。",
    },
    "more-findings": {
        "message": "……还有 {count} 条类似的问题（{repeated}）未显示。",
        "explanation": "同一个问题重复了很多次；每种问题只列出前几条，列表才容易读。",
        "hint": "先改正上面这些（通常同样的改法对其余的也适用），再检查一次。",
    },
    "more-findings-total": {
        "message": "……还有 {count} 条问题未显示。",
        "explanation": "列表到这里为止，这样才容易读。",
        "hint": "先改正上面的问题，再检查一次，就能看到其余的。",
    },
    "_stage-read": {"message": "在读取 YAML 时"},
    "_stage-schema": {"message": "在按 API schema 检查这个对象时"},
    "_stage-semantic": {"message": "在检查这个对象的含义时"},
    "_stage-expectations": {"message": "在判断练习目标时"},
    "_stage-check": {"message": "在处理这段文本时"},
    "_did-you-mean": {"message": "你是不是想写 `{name}`？"},
    "_hint-rename": {"message": "改名为 `{name}`，或删除它。"},
    "_hint-remove": {"message": "删除它，或检查它的缩进：这里可用的字段有 {names}。"},
    "_hint-move": {"message": "`{field}` 应该放在{home}：请检查它的缩进。"},
    "_home": {"message": "`{name}:` 之下"},
    "_home-item": {"message": "`{name}:` 的某一项（`- `）中"},
    "_hint-quote-colon": {
        "message": '含有 ": " 的值必须加引号，否则 YAML 会把它读成映射："echo a: b"。'
    },
    "_hint-kind": {"message": "写成 `kind: {name}`。"},
    "_hint-kind-list": {"message": "常见的 kind：{names}。"},
    "_hint-type": {"message": "这里请写{expected}。"},
    "_root": {"message": "{kind}"},
    "_in": {"message": "`{path}`"},
    "_no-description": {"message": "（无说明）"},
    "_and": {"message": "或"},
    "_type-string": {"message": "文本（字符串）"},
    "_type-integer": {"message": "整数"},
    "_type-number": {"message": "数字"},
    "_type-boolean": {"message": "true 或 false"},
    "_type-object": {"message": "映射（缩进的 键: 值 行）"},
    "_type-array": {"message": "列表（以 - 开头的行）"},
    "_type-null": {"message": "空值"},
    "_given-string": {"message": '文本 "{value}"'},
    "_given-bool": {"message": "布尔值 {value}"},
    "_given-number": {"message": "数字 {value}"},
    "_given-object": {"message": "映射"},
    "_given-array": {"message": "列表"},
    "_given-null": {"message": "空值（null）"},
    "_doc-list": {"message": "一个列表"},
    "_doc-scalar": {"message": "单个值"},
}

CATALOGUE: dict[str, dict[str, Entry]] = {"en": EN, "zh": ZH}

#: Codes whose finding is not an error (a caller may still pass another severity).
SEVERITY: dict[str, Severity] = {"not-checked": Severity.INFO, "unquoted-key": Severity.WARNING}


#: A value from the manifest is shown at most this long in a sentence.
VALUE_LIMIT = 80
#: The longest message, hint, path and explanation a finding may have (a last safeguard).
MESSAGE_LIMIT, HINT_LIMIT, PATH_LIMIT, EXPLANATION_LIMIT = 500, 500, 200, 1500


#: Findings of one code worded in one check; past this they are only counted (the report
#: shows PER_CODE of each code, see core.py). Wording is most of the cost of a finding.
WORDED_PER_CODE = 100
#: "Did you mean" lookups in one check (each compares a word with many names).
SUGGESTIONS = 200


class Budget:
    """What one check may still spend on findings nobody will read.

    Every stage asks :meth:`word` before it words a finding, and :meth:`suggest` before it
    looks for a "did you mean": a hostile input with 100,000 mistakes then costs counting,
    not 100,000 sentences.
    """

    def __init__(self) -> None:
        self.worded: dict[str, int] = {}
        self.suggestions = SUGGESTIONS

    def word(self, code: str) -> bool:
        count = self.worded.get(code, 0) + 1
        self.worded[code] = count
        return count <= WORDED_PER_CODE

    def suggest(self) -> bool:
        self.suggestions -= 1
        return self.suggestions >= 0


def unworded(code: str, line: int, column: int, *, path: str = "",
             severity: Severity | None = None) -> Finding:
    """A finding that is counted but never shown: it has a place and a code, no words."""
    return Finding(severity or SEVERITY.get(code, Severity.ERROR), line, column, code, "",
                   quote(path, PATH_LIMIT))


class Words(str):
    """Text safe to show as it is: a sentence of ours, or a value already :func:`quote`-d.

    Every other string given to a sentence is a value from the input: it is quoted.
    """

    __slots__ = ()


_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = VALUE_LIMIT


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(value: Any, limit: int = VALUE_LIMIT) -> Any:
    """A value from the input as a sentence may show it: on one line, control characters
    visible, at most ``limit`` characters. Numbers, None and :class:`Words` pass unchanged."""
    if isinstance(value, Words) or value is None or isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        return value if value.bit_length() < 256 else Words(clip(_SHORT_REPR.repr(value), limit))
    if not isinstance(value, str):
        value = _SHORT_REPR.repr(value)
    return Words(clip(visible(value[: limit + 1], keep_newlines=False), limit))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _entry(code: str, lang: str) -> Entry:
    table = CATALOGUE.get(lang, EN)
    return table.get(code) or EN[code]


def text(code: str, lang: str = "en", part: str = "message", **fields: Any) -> Words:
    """One rendered sentence of the catalogue; unknown ``{fields}`` are left as written.

    Values from the input are quoted (:func:`quote`); pieces made by ``text`` are kept whole.
    """
    template = _entry(code, lang).get(part, "")
    if not template:
        return Words("")
    return Words(template.format_map(_Blank({k: quote(v) for k, v in fields.items()})))


def finding(
    code: str,
    line: int,
    column: int,
    *,
    lang: str = "en",
    path: str = "",
    severity: Severity | None = None,
    entry: str | None = None,
    **fields: Any,
) -> Finding:
    """A Finding whose message, explanation and hint come from the catalogue.

    ``entry`` picks a variant wording from the catalogue (default: the entry named ``code``).
    """
    key = entry or code
    return Finding(
        severity=severity or SEVERITY.get(code, Severity.ERROR),
        line=line,
        column=column,
        code=code,
        message=text(key, lang, "message", **fields),
        path=quote(path, PATH_LIMIT),
        explanation=text(key, lang, "explanation", **fields),
        hint=text(key, lang, "hint", **fields),
    )


def internal_error(exc: BaseException, stage: str, pos: Any, lang: str, part: str = "") -> Finding:
    """The finding for a failure inside the checker: which stage (and ``part`` of it, such as
    the name of a check), at which object, and what went wrong."""
    try:
        detail = f"{type(exc).__name__}: {exc}"
    except Exception:  # an exception whose str() fails too
        detail = type(exc).__name__
    if part:
        detail = f"{part}: {detail}"
    return finding("internal-error", pos.line, pos.column, lang=lang,
                   where=text(f"_stage-{stage}", lang), detail=quote(detail, 200))


def bounded(f: Finding) -> Finding:
    """``f`` with no control character and no string over its limit: the last safeguard
    before a finding reaches a terminal."""
    message = clip(visible(f.message, keep_newlines=False), MESSAGE_LIMIT)
    path = clip(visible(f.path, keep_newlines=False), PATH_LIMIT)
    explanation = clip(visible(f.explanation, keep_newlines=False), EXPLANATION_LIMIT)
    hint = clip(visible(f.hint, keep_newlines=False), HINT_LIMIT)
    if (message, path, explanation, hint) == (f.message, f.path, f.explanation, f.hint):
        return f
    return replace(f, message=message, path=path, explanation=explanation, hint=hint)

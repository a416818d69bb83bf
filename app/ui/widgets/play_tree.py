"""The relation tree of :mod:`kubelearn.cluster.tree`, as a Textual Tree that keeps its place.

The tree is rebuilt only when what it shows changed (the screen hands it the domain's nodes;
equal nodes are not drawn again). Which branches are open and which line has the cursor are
kept by each node's key across rebuilds, so a Pod becoming ready does not fold the tree away
from the learner. Labels are learner text (object names), shown literally as ``Text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from kubelearn.cluster.tree import MISSING, OK, WAIT, Node
from kubelearn.safe_text import visible

STYLES = {OK: "", WAIT: "yellow", MISSING: "bold red", "info": "dim"}
MARKS = {OK: "", WAIT: "… ", MISSING: "", "info": ""}
#: Branches this deep start open (a section, an object, its ReplicaSets or ports).
OPEN_DEPTH = 2


class RelationTree(Tree[Node]):
    """Shows a tuple of :class:`Node` under a hidden root."""

    @dataclass
    class Explain(Message):
        """The highlighted line's explanation ("" when it has none)."""

        why: str

    def __init__(self, empty: str, **kwargs) -> None:
        super().__init__("cluster", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.empty = empty
        self.shown: tuple[Node, ...] | None = None
        self._open: dict[str, bool] = {}

    def show(self, nodes: tuple[Node, ...]) -> bool:
        """Draw ``nodes`` unless they are what is shown; whether anything was redrawn."""
        if nodes == self.shown:
            return False
        self._remember_open(self.root)
        cursor = self.cursor_node.data.key if self.cursor_node and self.cursor_node.data else None
        self.clear()
        if not nodes:
            self.root.add_leaf(Text(self.empty, style="dim"))
        for node in nodes:
            self._add(self.root, node, depth=0)
        self.root.expand()
        self.shown = nodes
        if cursor is not None:
            self._restore_cursor(self.root, cursor)
        return True

    def _add(self, parent: TreeNode[Node], node: Node, depth: int) -> None:
        label = Text(MARKS.get(node.state, "") + visible(node.label, keep_newlines=False),
                     style=STYLES.get(node.state, ""))
        if not node.children:
            parent.add_leaf(label, data=node)
            return
        # Sections, objects and their parts start open, broken branches at any depth;
        # afterwards the learner decides.
        opened = self._open.get(node.key, depth <= OPEN_DEPTH or node.state == MISSING)
        branch = parent.add(label, data=node, expand=opened)
        for child in node.children:
            self._add(branch, child, depth + 1)

    def _remember_open(self, node: TreeNode[Node]) -> None:
        for child in node.children:
            if child.data is not None and child.children:
                self._open[child.data.key] = child.is_expanded
            self._remember_open(child)

    def _restore_cursor(self, node: TreeNode[Node], key: str) -> bool:
        for child in node.children:
            if child.data is not None and child.data.key == key:
                self.move_cursor(child)
                return True
            if child.is_expanded and self._restore_cursor(child, key):
                return True
        return False

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        event.stop()
        data = event.node.data
        self.post_message(self.Explain(data.why if data is not None else ""))

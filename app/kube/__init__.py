"""The Kubernetes object model that the checker's rules, the exercise goals and the cluster share.

A parsed document with the position of every key and value (:mod:`.document`), where things
are in an object (:mod:`.objects`), what a label selector selects (:mod:`.selectors`), how
objects refer to one another (:mod:`.relations`), the syntax of names and labels
(:mod:`.names`) and resource quantities (:mod:`.quantity`). Each relation is written once,
here. Nothing in this package says anything to a learner: it answers questions with data, and
its callers put the answers into words. It imports nothing else of ours.
"""

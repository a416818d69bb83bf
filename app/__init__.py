"""kubelearn: an interactive terminal tutor for Kubernetes."""

__version__ = "0.1.0"

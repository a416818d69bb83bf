from kubelearn.cli import main

raise SystemExit(main())

from rmpair.cli import main

raise SystemExit(main())

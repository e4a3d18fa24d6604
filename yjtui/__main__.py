from yjtui.cli import main

raise SystemExit(main())

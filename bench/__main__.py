"""`python -m bench`: see bench/run.py; `python -m bench --load`: see bench/load.py."""

import sys

if "--load" in sys.argv[1:]:
    from .load import main as load_main

    sys.exit(load_main([a for a in sys.argv[1:] if a != "--load"]))
else:
    from .run import main

    main()

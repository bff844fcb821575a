"""Running many files at once: `manage.py ingest` parses and stores a folder with a pool of
worker processes; the command itself only reads its arguments and prints.

* files.py: the files named (folders walked), their hashes, and one file parsed from disk
  (parse_file, refused before it is read when it is over the size limit). Pure: no Django.
* processes.py: what any worker process needs: collecting garbage less often, ending with
  the main process, the stages' models loaded before forking. Pure: no Django.
* workers.py: the workers that store what they parse, each on a database connection of its own.
* preload_stages.py, preload_django.py: what the forkserver loads before it forks workers.
* run.py: BulkIngest: the pool (or this process), storing, and every file's report entry in
  file order.
"""

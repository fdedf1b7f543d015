"""The material library (素材库): storage, instant Chinese and pinyin search, file cache, import.

Qt-free. The UI calls `search.LibrarySearch`, `queries` and `commands.LibraryService`; the sync
engine calls `pulled`; the server will reuse `importer`. See docs/library.md.
"""

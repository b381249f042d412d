#pragma once
// Publishing a file atomically: the bytes go to a temporary file beside it,
// which is fsync'ed and renamed over <path>, so a reader (or a run resumed
// after a crash) sees either the old complete file or the new complete file.
// Every file lemmaforge publishes goes through PublishFile, whoever wrote the
// temporary file (WriteFileAtomically below, or HDF5 for shards and metrics.h5).

#include <string>

namespace lf {

// "<path>.tmp.<pid>": the temporary name for <path> (unique per process; the
// run directory's cleanup removes every name holding ".tmp").
std::string TemporaryPath(const std::string& path);

// fsync(2)s the complete, closed file `tmp` and renames it over `path`. On
// failure removes `tmp` and throws WriteError naming the file; an existing
// <path> is left as it was.
void PublishFile(const std::string& tmp, const std::string& path);

// Writes `bytes` to TemporaryPath(path) and publishes it. Throws WriteError
// naming the file when it cannot be written or published (the temporary file
// is removed; an existing <path> is left as it was).
void WriteFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace lf

#pragma once
// Publishing a file atomically: the bytes go to "<path>.tmp.<pid>", are
// fsync'ed and renamed over <path>, so a reader (or a run resumed after a
// crash) sees either the old complete file or the new complete file.

#include <string>

namespace lf {

// Throws WriteError naming the file when it cannot be written or published
// (the temporary file is removed; an existing <path> is left as it was).
void WriteFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace lf

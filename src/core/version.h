#pragma once
// The git revision lemmaforge was configured from (`git rev-parse --short
// HEAD` when CMake last ran; "unknown" outside a git checkout). It lives in one
// generated source file, so a new revision recompiles that file alone.

namespace lf {

const char* GitRevision();

}  // namespace lf

#pragma once
// Traces as bytes, for sending them between the ranks of one job (core/bytes.h:
// both ends run the same binary, no versioning): `lemmaforge eval --trace`
// under mpirun gathers every rank's traces on rank 0, which writes the file.
// Every column of every record is encoded, in its Schema's order, so a decoded
// trace equals the encoded one.

#include <string>
#include <vector>

#include "io/records.h"

namespace lf::io {

std::string EncodeTraces(const std::vector<Trace>& traces);
// The traces EncodeTraces encoded. Bytes from anything else fail an LF_CHECK
// (a message between ranks of one job is never bad input).
std::vector<Trace> DecodeTraces(const std::string& bytes);

}  // namespace lf::io

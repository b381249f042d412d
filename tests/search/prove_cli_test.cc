// `lemmaforge prove` end to end: the printed script passes `lemmaforge check`
// when placed after the theory; the stderr summary line and the exit codes.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <string>

#include "core/error.h"
#include "kernel/theory.h"
#include "test_paths.h"
#include "test_theory.h"

namespace lf::search {
namespace {

using Output = test::BinaryResult;
using test::RunBinary;

TEST(ProveCliTest, PrintsACheckedProofAndASummaryLine) {
  for (const char* algorithm : {"mcts", "htps", "forward-sampling"}) {
    SCOPED_TRACE(algorithm);
    const Output o = RunBinary(std::string("prove --theory nat-add --goal '(= (+ (s z) (s z)) (s "
                                           "(s z)))' --budget 3000 --seed 2 --search ") +
                               algorithm);
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_EQ(o.out.rfind("theorem t : (= (+ (s z) (s z)) (s (s z))) {\n", 0), 0u) << o.out;
    EXPECT_TRUE(std::regex_search(
        o.err, std::regex(std::string("^result=proved search=") + algorithm +
                          " iterations=[0-9]+ expansions=[0-9]+ seconds=[0-9.]+\n$")))
        << o.err;
    const std::string file =
        ::testing::TempDir() + "/prove_cli_" + std::to_string(::getpid()) + "_" + algorithm + ".p";
    std::ofstream(file) << ReadFileOrThrow(test::LoadTheory("nat-add")->path()) << "\n" << o.out;
    const Output check = RunBinary("check " + file);
    EXPECT_EQ(check.code, 0) << check.out << check.err;
    EXPECT_NE(check.out.find("1 ok, 0 failed"), std::string::npos) << check.out;
  }
}

TEST(ProveCliTest, ExitCodes) {
  const Output failed = RunBinary(
      "prove --theory nat-add --goal \"[('a0 : nat) -> ('a1 : nat) -> ('a2 : nat) -> (= (+ (+ "
      "'a0 'a1) 'a2) (+ 'a0 (+ 'a1 'a2)))]\" --search bfs --budget 20");
  EXPECT_EQ(failed.code, 1);
  EXPECT_TRUE(failed.out.empty());
  EXPECT_EQ(failed.err.rfind("result=failed search=bfs iterations=", 0), 0u) << failed.err;
  EXPECT_EQ(RunBinary("prove --theory nat-add --goal '(= z' --search mcts").code, 2);
  EXPECT_EQ(RunBinary("prove --theory nat-add --goal '(= z z)' --search nope").code, 2);
  EXPECT_EQ(RunBinary("prove --theory no-such-theory --goal '(= z z)'").code, 2);
  EXPECT_EQ(RunBinary("prove --theory nat-add --goal '(= z z)' --budget -3").code, 2);
}

}  // namespace
}  // namespace lf::search

// The trust boundary of the run's messages (app/run_messages.h): a proof that
// arrives as bytes becomes a kernel::CheckedProof again only through the
// kernel's checker, and a forged or mislabelled one stops the root.

#include "app/run_messages.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/configs_dir.h"

namespace lf::app {
namespace {

const std::vector<std::string> kProof = {
    "theorem t : (= (+ (s z) (s z)) (s (s z))) {",
    "    show (= (+ (s z) (s z)) (s (+ (s z) z))) by +_s.",
    "    show (= (+ (s z) z) (s z)) by +_z.",
    "    show (= (+ (s z) (s z)) (s (s z))) by rewrite.",
    "}",
};
const char kStatement[] = "(= (+ (s z) (s z)) (s (s z)))";

kernel::CheckedProof Checked(const kernel::Theory& theory, const std::vector<std::string>& lines) {
  kernel::ScriptCheck check = kernel::CheckScript(theory.base(), lines);
  EXPECT_TRUE(check.proof.has_value()) << check.verdict.message;
  return *check.proof;
}

// A result as a generator sends it: the search's proof and one hindsight proof.
ProveResult Sent(const kernel::Theory& theory) {
  ProveResult r;
  r.attempt.theorem = kStatement;
  r.attempt.algorithm = "mcts";
  r.attempt.rank = 2;
  r.proof = Checked(theory, kProof);
  r.hindsight.push_back(HindsightResult{
      .statement = "(= (+ z z) z)",
      .proof =
          Checked(theory, {"theorem t : (= (+ z z) z) {", "    show (= (+ z z) z) by +_z.", "}"}),
      .logprob = -0.5,
      .examples = {}});
  return r;
}

TEST(RunMessages, ProofsSurviveTheTripAndAreCheckedAgain) {
  const auto theory = LoadTheory("nat-add");
  const ProveResult got = DecodeProveResult(Encode(Sent(*theory)), *theory);
  ASSERT_TRUE(got.proof.has_value());
  EXPECT_EQ(got.proof->lines(), kProof);
  EXPECT_TRUE(got.attempt.success);
  EXPECT_EQ(got.attempt.proof, got.proof->Text());
  ASSERT_EQ(got.hindsight.size(), 1u);
  EXPECT_EQ(got.hindsight[0].proof.Text(),
            "theorem t : (= (+ z z) z) {\n    show (= (+ z z) z) by +_z.\n}");
  EXPECT_DOUBLE_EQ(got.hindsight[0].logprob, -0.5);
}

TEST(RunMessages, UnprovedResultCarriesNoProof) {
  const auto theory = LoadTheory("nat-add");
  ProveResult sent;
  sent.attempt.theorem = kStatement;
  const ProveResult got = DecodeProveResult(Encode(sent), *theory);
  EXPECT_FALSE(got.proof.has_value());
  EXPECT_FALSE(got.attempt.success);
  EXPECT_TRUE(got.attempt.proof.empty());
}

// Bytes flipped in transit (or a bug on the sender) are caught by the checker.
TEST(RunMessagesDeathTest, ForgedProofStopsTheRoot) {
  const auto theory = LoadTheory("nat-add");
  std::string bytes = Encode(Sent(*theory));
  const size_t at = bytes.find("by +_z.");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 7, "by +_s.");
  EXPECT_DEATH(DecodeProveResult(bytes, *theory),
               "rank 2 sent a proof of .* that the kernel's checker rejects");
}

// A valid proof of another statement than the result claims is not a proof of it.
TEST(RunMessagesDeathTest, ProofOfAnotherStatementStopsTheRoot) {
  const auto theory = LoadTheory("nat-add");
  ProveResult sent = Sent(*theory);
  sent.attempt.theorem = "(= (+ z (s z)) (s z))";
  EXPECT_DEATH(DecodeProveResult(Encode(sent), *theory), "that proves \\(= \\(\\+ \\(s z\\)");
}

}  // namespace
}  // namespace lf::app

// The checker: the reference's verdicts on natural_number_game.p (golden), the
// shipped goal files' proofs, and wrong proofs rejected at the right line.

#include "kernel/checker.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <type_traits>

#include "core/error.h"
#include "core/json.h"
#include "kernel/kernel_error.h"
#include "kernel/theory.h"
#include "kernel/typing.h"
#include "test_paths.h"
#include "test_theory.h"

namespace lf::kernel {
namespace {

TEST(CheckerGoldenTest, NaturalNumberGameVerdictsMatchTheReference) {
  const std::string dir = test::SharedDir() + "/golden/";
  std::map<std::string, std::string> expected;
  std::istringstream in(ReadFileOrThrow(dir + "natural_number_game.expected"));
  std::string name, verdict, rest;
  while (in >> name >> verdict) {
    expected[name] = verdict;
    std::getline(in, rest);
  }
  ASSERT_EQ(expected.size(), 87u);
  const auto verdicts = CheckItems(LoadSourceFile(dir + "natural_number_game.p"));
  ASSERT_EQ(verdicts.size(), expected.size());
  for (const auto& v : verdicts) {
    ASSERT_TRUE(expected.count(v.theorem)) << v.theorem;
    if (expected[v.theorem] == "ok") {
      EXPECT_TRUE(v.ok) << v.theorem << ": " << v.message;
    } else {
      EXPECT_FALSE(v.ok) << v.theorem;
      EXPECT_NE(v.message.find("still open"), std::string::npos) << v.message;
    }
  }
}

// Checks `script` appended to the nat-add theory; returns the verdicts.
std::vector<CheckVerdict> CheckWithNatAdd(const std::string& script) {
  const std::string theory = ReadFileOrThrow(test::SourceDir() + "/configs/theories/nat-add.p");
  return CheckItems(ParseFile(theory + script, "t.p"));
}

int LineOf(const std::string& text, const std::string& needle) {
  const size_t pos = text.find(needle);
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

TEST(CheckerTest, ShippedGoalSolutionsCheck) {
  const auto theory = test::LoadTheory("nat-add");
  for (const char* file : {"nat-add.json", "nat-add-hard.json"}) {
    const std::string path = test::SourceDir() + "/configs/goals/" + file;
    const json::Value doc = json::Parse(ReadFileOrThrow(path), path);
    for (const auto& g : doc.Find("goals")->items()) {
      std::string script;
      for (const auto& line : g.Find("solution")->items()) script += line.str() + "\n";
      const auto items = ParseFile(script, path);
      ASSERT_EQ(items.size(), 1u);
      const CheckVerdict v = CheckProof(theory->base(), items[0].proof);
      EXPECT_TRUE(v.ok) << file << ": " << v.where.ToString() << " " << v.message;
    }
  }
}

TEST(CheckerTest, WrongProofsAreRejectedAtTheFailingLine) {
  const std::string theory = ReadFileOrThrow(test::SourceDir() + "/configs/theories/nat-add.p");
  struct Case {
    const char* script;
    const char* failing;  // text at the start of the failing line
    const char* message;  // substring of the message
  };
  const Case cases[] = {
      {"theorem t : (= (+ z z) z) {\n  show (= (+ z z) (s z)) by +_z.\n}\n",
       "show (= (+ z z) (s z))", "does not give"},
      {"theorem t : (= (+ (s z) z) (s z)) {\n  show (= z z) by eq_refl.\n}\n", "theorem t",
       "still open"},
      {"theorem t : (= (+ z z) z) {\n  show (= (+ z z) z) by no_such_axiom.\n}\n", "show",
       "unknown arrow"},
      {"theorem t : (= (+ z z) z) {\n  intro x : nat.\n}\n", "intro x", "arrow"},
  };
  for (const Case& c : cases) {
    const auto verdicts = CheckWithNatAdd(c.script);
    ASSERT_EQ(verdicts.size(), 1u);
    EXPECT_FALSE(verdicts[0].ok) << c.script;
    const std::string full = theory + c.script;
    EXPECT_EQ(verdicts[0].where.line, LineOf(full, c.failing)) << c.script << verdicts[0].message;
    EXPECT_NE(verdicts[0].message.find(c.message), std::string::npos) << verdicts[0].message;
  }
}

TEST(CheckerTest, IllTypedStatementIsMalformedInput) {
  try {
    CheckWithNatAdd("theorem t : (= (+ z zz) z) {\n}\n");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 18);  // the theorem's line after the 17-line theory
    EXPECT_NE(std::string(e.what()).find("'zz' undeclared"), std::string::npos) << e.what();
  }
}

TEST(CheckerTest, TheoremsOnlySeeEarlierDeclarations) {
  const auto verdicts = CheckWithNatAdd(
      "theorem t : (= (+ z z) z) {\n  show (= (+ z z) z) by later.\n}\n"
      "later : [('n : nat) -> (= (+ 'n z) 'n)].\n");
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_FALSE(verdicts[0].ok);
}

// Only the checker makes a CheckedProof: no public constructor but the copy.
static_assert(!std::is_default_constructible_v<CheckedProof>);
static_assert(!std::is_constructible_v<CheckedProof, Term, std::vector<std::string>>);
static_assert(std::is_copy_constructible_v<CheckedProof>);

TEST(CheckedProofTest, OnlyAScriptThatPassesTheCheckerBecomesOne) {
  const auto theory = test::LoadTheory("nat-add");
  const std::vector<std::string> good = {"theorem t : (= (+ z z) z) {",
                                         "    show (= (+ z z) z) by +_z.", "}"};
  const ScriptCheck ok = CheckScript(theory->base(), good);
  ASSERT_TRUE(ok.verdict.ok) << ok.verdict.message;
  ASSERT_TRUE(ok.proof.has_value());
  EXPECT_EQ(ok.proof->lines(), good);
  EXPECT_EQ(ok.proof->statement().ToString(), "(= (+ z z) z)");
  EXPECT_EQ(ok.proof->Text(), good[0] + "\n" + good[1] + "\n" + good[2]);
  const CheckedProof moved = std::move(*ScriptCheck(ok).proof);  // a move copies
  EXPECT_EQ(moved.lines(), good);

  // A wrong step, an open goal, two theorems, no statement, bad syntax: no proof.
  const std::vector<std::vector<std::string>> bad = {
      {"theorem t : (= (+ z z) z) {", "    show (= (+ z z) z) by +_s.", "}"},
      {"theorem t : (= (+ z z) z) {", "}"},
      {"theorem t : (= z z) {", "}", "theorem u : (= z z) {", "}"},
      {"verify {", "}"},
      {"theorem t : (= z z) {"},
  };
  for (const auto& lines : bad) {
    const ScriptCheck r = CheckScript(theory->base(), lines);
    EXPECT_FALSE(r.verdict.ok) << lines[0];
    EXPECT_FALSE(r.proof.has_value()) << lines[0];
    EXPECT_FALSE(r.verdict.message.empty()) << lines[0];
  }
}

TEST(KernelErrorTest, ErrorsSayWhatFailedAndOnWhichTerms) {
  const auto theory = test::LoadTheory("nat-add");
  const Context& ctx = theory->base().context();
  auto error_of = [&](const std::string& term) -> KernelError {
    try {
      GetType(ParseTerm(term), ctx);
    } catch (const KernelError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for " << term;
    return KernelError(KernelErrorKind::kEvaluationLimit);
  };
  const KernelError undeclared = error_of("(+ z zz)");
  EXPECT_EQ(undeclared.kind(), KernelErrorKind::kUndeclaredName);
  EXPECT_EQ(undeclared.term(), "zz");
  EXPECT_STREQ(undeclared.what(), "'zz' undeclared");

  const KernelError mismatch = error_of("(s (= z z))");
  EXPECT_EQ(mismatch.kind(), KernelErrorKind::kArgumentTypeMismatch);
  EXPECT_EQ(mismatch.term(), "(s (= z z))");
  EXPECT_EQ(mismatch.expected(), "nat");
  EXPECT_EQ(mismatch.actual(), "prop");
  EXPECT_STREQ(mismatch.what(),
               "ill-typed term (s (= z z)): expected an argument of type nat, got prop");

  const KernelError too_many = error_of("(s z z)");
  EXPECT_EQ(too_many.kind(), KernelErrorKind::kTooManyArguments);
  EXPECT_STREQ(too_many.what(), "ill-typed term (s z z): too many arguments");

  const KernelError in_context = undeclared.WithContext("cannot elaborate X: ");
  EXPECT_EQ(in_context.kind(), KernelErrorKind::kUndeclaredName);
  EXPECT_STREQ(in_context.what(), "cannot elaborate X: 'zz' undeclared");

  // The typing predicates answer false instead of throwing (boundary 1).
  EXPECT_FALSE(HasPropType(ParseTerm("(s (= z z))"), ctx));
  EXPECT_FALSE(IsPropTerm(ParseTerm("(+ z zz)"), ctx));
  EXPECT_TRUE(HasPropType(ParseTerm("(= z z)"), ctx));
}

TEST(ParserTest, SyntaxErrorsCarryPositions) {
  try {
    ParseFile("nat : type.\nz : nat.\ns : [nat -> nat.\n", "bad.p");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "bad.p");
    EXPECT_EQ(e.where().line, 3);
    EXPECT_GT(e.where().column, 1);
  }
  EXPECT_THROW(ParseFile(std::string("nat : type.\n\x01\xff garbage"), "g.p"), InputError);
  EXPECT_THROW(ParseFile("x : (((((((", "u.p"), InputError);
  EXPECT_THROW(ParseFile("/* never closed", "c.p"), InputError);
  EXPECT_THROW(ParseFile(std::string(100000, '('), "deep.p"), InputError);
}

TEST(TheoryTest, UndeclaredNamesInDeclarationsAreReported) {
  try {
    Theory::BuildDerivation(ParseFile("nat : type.\nf : [nat -> foo].\n", "u.p"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 2);
    EXPECT_NE(std::string(e.what()).find("foo"), std::string::npos) << e.what();
  }
}

TEST(TheoryTest, ShippedTheoriesLoadWithTheirPremises) {
  EXPECT_EQ(test::LoadTheory("nat-add")->premises(),
            (std::vector<std::string>{"eq_refl", "eq_symm", "rewrite", "+_z", "+_s", "nat_ind"}));
  EXPECT_EQ(test::LoadTheory("propositional-logic")->premises().size(), 13u);
  EXPECT_EQ(test::LoadTheory(test::SourceDir() + "/configs/theories/groups.p")->premises().size(),
            7u);
  EXPECT_THROW(test::LoadTheory("no-such-theory"), InputError);
}

}  // namespace
}  // namespace lf::kernel

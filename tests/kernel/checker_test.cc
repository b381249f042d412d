// The checker: the reference's verdicts on natural_number_game.p (golden), the
// shipped goal files' proofs, and wrong proofs rejected at the right line.

#include "kernel/checker.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "core/error.h"
#include "core/json.h"
#include "kernel/theory.h"
#include "test_paths.h"

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
  const auto theory = Theory::Load("nat-add");
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
  EXPECT_EQ(Theory::Load("nat-add")->premises(),
            (std::vector<std::string>{"eq_refl", "eq_symm", "rewrite", "+_z", "+_s", "nat_ind"}));
  EXPECT_EQ(Theory::Load("propositional-logic")->premises().size(), 13u);
  EXPECT_EQ(Theory::Load(test::SourceDir() + "/configs/theories/groups.p")->premises().size(), 7u);
  EXPECT_THROW(Theory::Load("no-such-theory"), InputError);
}

}  // namespace
}  // namespace lf::kernel

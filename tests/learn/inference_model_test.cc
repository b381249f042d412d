// Checkpoints loaded for inference, and the --model paths of the CLI.

#include "learn/inference_model.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "core/error.h"
#include "learn/learn_params.h"
#include "learn/trainer.h"
#include "model/model_params.h"
#include "test_paths.h"

namespace lf::learn {
namespace {

namespace fs = std::filesystem;

class InferenceModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lf_infer_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    checkpoint_ = (dir_ / "tiny.ckpt").string();
    trainer_ = std::make_unique<Trainer>(model::TinyModelParams(), LearnParams{});
    trainer_->Save(checkpoint_, "nat-add");
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string checkpoint_;
  std::unique_ptr<Trainer> trainer_;
};

TEST_F(InferenceModelTest, LoadedModelScoresLikeTheSavedOne) {
  auto loaded = LoadInferenceModel(checkpoint_, "nat-add", 1);
  model::TransformerEvaluator original(trainer_->model());
  const std::vector<search::NodeQuery> q = {
      {"G=1\nState: {  }\nGoal: (= z z)\n", {"intro.", "c eq_refl"}, true}};
  const auto a = loaded->Score(q);
  const auto b = original.Score(q);
  EXPECT_DOUBLE_EQ(a[0].state_value, b[0].state_value);
  EXPECT_EQ(a[0].action_values, b[0].action_values);
}

TEST_F(InferenceModelTest, BadCheckpointsAreInputErrors) {
  EXPECT_THROW(LoadInferenceModel((dir_ / "missing.ckpt").string(), "nat-add"), InputError);
  const std::string garbage = (dir_ / "garbage.ckpt").string();
  std::ofstream(garbage) << "not a checkpoint at all";
  try {
    LoadInferenceModel(garbage, "nat-add");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, garbage);
  }
}

TEST_F(InferenceModelTest, CommandsSearchAndConjectureWithAModel) {
  const test::BinaryResult proved = test::RunBinary(
      "prove --theory nat-add --goal '(= (+ z z) z)' --search mcts --budget 50 --model " +
      checkpoint_);
  EXPECT_EQ(proved.code, 0) << proved.err;
  EXPECT_NE(proved.out.find("theorem t : (= (+ z z) z) {"), std::string::npos) << proved.out;
  const test::BinaryResult sampled =
      test::RunBinary("conjecture --theory nat-add --n 3 --seed 5 --model " + checkpoint_);
  EXPECT_EQ(sampled.code, 0) << sampled.err;
  EXPECT_GE(std::count(sampled.out.begin(), sampled.out.end(), '\n'), 1) << sampled.out;
  EXPECT_EQ(
      test::RunBinary("conjecture --theory nat-add --n 3 --model " + (dir_ / "nope.ckpt").string())
          .code,
      2);
}

}  // namespace
}  // namespace lf::learn

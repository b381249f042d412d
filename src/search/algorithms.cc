#include "search/algorithms.h"

#include <utility>

#include "core/error.h"
#include "search/best_first.h"
#include "search/forward.h"
#include "search/fringe.h"
#include "search/htps.h"
#include "search/mcts.h"

namespace lf::search {

const std::vector<std::string>& AlgorithmNames() {
  static const std::vector<std::string> names = {
      "mcts", "bestfs", "bfs", "fringe", "htps", "forward-greedy", "forward-sampling"};
  return names;
}

std::unique_ptr<Search> MakeSearch(const std::string& algorithm, const SearchParams& params,
                                   std::shared_ptr<const kernel::Theory> theory,
                                   const kernel::ProofState& root) {
  Validate(params);
  if (algorithm == "mcts") return std::make_unique<Mcts>(params, std::move(theory), root);
  if (algorithm == "bestfs" || algorithm == "bfs") {
    const auto order =
        algorithm == "bfs" ? BestFirst::Order::kBreadthFirst : BestFirst::Order::kBestFirst;
    return std::make_unique<BestFirst>(order, params, std::move(theory), root);
  }
  if (algorithm == "fringe") return std::make_unique<FringeSearch>(params, std::move(theory), root);
  if (algorithm == "htps") return std::make_unique<Htps>(params, std::move(theory), root);
  if (algorithm == "forward-greedy" || algorithm == "forward-sampling") {
    const auto mode = algorithm == "forward-greedy" ? ForwardProver::Mode::kGreedy
                                                    : ForwardProver::Mode::kSampling;
    return std::make_unique<ForwardProver>(mode, params, std::move(theory), root);
  }
  std::string known;
  for (const std::string& name : AlgorithmNames()) known += (known.empty() ? "" : ", ") + name;
  throw InputError("unknown search algorithm '" + algorithm + "' (known: " + known + ")");
}

}  // namespace lf::search

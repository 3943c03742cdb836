#pragma once
// Pixels of a real window, for the window tests.
#include <SFML/Graphics/Image.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Graphics/Texture.hpp>
#include <cstdlib>

namespace ampel::viz::testing {

inline sf::Image grab(sf::RenderWindow& w) {
  sf::Texture t;
  t.create(w.getSize().x, w.getSize().y);
  t.update(w);
  return t.copyToImage();
}

inline bool near(sf::Color a, sf::Color b, int tol = 6) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

}  // namespace ampel::viz::testing

// The console's entry point (index.html loads it): defines the elements.
import './tessera-console.js'

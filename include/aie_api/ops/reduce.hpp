// Placeholder: filled in by the AIE API work (issue 2).
#pragma once
